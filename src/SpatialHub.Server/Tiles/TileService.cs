using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Tiles;

namespace SpatialHub.Server.Tiles;

/// <summary>Answers tile requests: resolves the layers at their current versions (one indexed query per request,
/// so an import by any process shows on the very next tile), then serves from the cache or renders once however
/// many requests ask for the same tile at the same time.</summary>
public sealed class TileService(Func<NpgsqlDataSource> dataSource, TilesOptions options, TileCache cache, TileMetrics metrics)
{
    private readonly TileQueryOptions _queryOptions = options.ToQueryOptions();
    private readonly ConcurrentDictionary<string, Dataset> _datasets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<TileEntry>>> _inFlight = new(StringComparer.Ordinal);

    public TilesOptions Options => options;

    /// <summary>The datasets at their current versions. Throws <see cref="DatasetNotFoundException"/> for an unknown one.</summary>
    public async Task<LayerSet> ResolveAsync(IReadOnlyList<string> ids, FeatureReference? within, CancellationToken cancellationToken)
    {
        var catalog = new CatalogRepository(dataSource());
        var wanted = within is null || ids.Contains(within.DatasetId) ? ids : [.. ids, within.DatasetId];
        var versions = await catalog.VersionsAsync(wanted, cancellationToken);
        var datasets = new Dataset[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            datasets[i] = await DatasetAsync(catalog, ids[i], versions, cancellationToken);
        }
        WithinFilter? filter = null;
        if (within is not null)
        {
            filter = new WithinFilter(await DatasetAsync(catalog, within.DatasetId, versions, cancellationToken), within.FeatureId);
        }
        return new LayerSet(datasets, filter);
    }

    /// <summary>Catalog rows change only with their version: read each (id, version) once.</summary>
    private async Task<Dataset> DatasetAsync(CatalogRepository catalog, string id, IReadOnlyDictionary<string, long> versions, CancellationToken cancellationToken)
    {
        if (!versions.TryGetValue(id, out var version))
        {
            throw new DatasetNotFoundException(id);
        }
        if (_datasets.TryGetValue(id, out var known) && known.Version == version)
        {
            return known;
        }
        var dataset = await catalog.GetAsync(id, cancellationToken);
        _datasets[id] = dataset;
        return dataset;
    }

    public async Task<TileEntry> GetTileAsync(LayerSet layers, TileCoord tile, CancellationToken cancellationToken)
    {
        var key = TileCache.Key(layers, tile);
        if (cache.TryGetMemory(key, out var cached))
        {
            metrics.Hit("memory");
            return cached;
        }
        var render = new Lazy<Task<TileEntry>>(() => LoadAsync(layers, tile));
        var shared = _inFlight.GetOrAdd(key, render);
        if (!ReferenceEquals(shared, render))
        {
            metrics.Coalesced();
        }
        try
        {
            // The render is shared, so one caller giving up must not cancel it for the others.
            return await shared.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (shared.Value.IsCompleted)
            {
                _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<TileEntry>>>(key, shared));
            }
        }
    }

    /// <summary>Renders without the cache (the benchmark's and the export's path).</summary>
    public async Task<TileEntry> RenderAsync(LayerSet layers, TileCoord tile, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rendered = await new TileRenderer(dataSource(), _queryOptions).RenderAsync(layers.Datasets, tile, layers.Within, cancellationToken);
        metrics.Rendered(clock.Elapsed.TotalMilliseconds, rendered.Detail.Level);
        return new TileEntry(rendered.Bytes);
    }

    private async Task<TileEntry> LoadAsync(LayerSet layers, TileCoord tile)
    {
        if (await cache.ReadDiskAsync(layers, tile, CancellationToken.None) is { } fromDisk)
        {
            metrics.Hit("disk");
            return fromDisk;
        }
        var entry = await RenderAsync(layers, tile, CancellationToken.None);
        await cache.PutAsync(layers, tile, entry, CancellationToken.None);
        return entry;
    }

    /// <summary>The statement that renders <paramref name="tile"/> at full detail, with its parameters (for EXPLAIN and benchmarks).</summary>
    public (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) Statement(LayerSet layers, TileCoord tile) =>
        (TileSql.Build(layers.Datasets, tile.Z, layers.Within, _queryOptions, TileDetail.Full), TileSql.Parameters(tile, layers.Within).ToList());
}
