using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Replicas;
using SpatialHub.PostGis.Tiles;

namespace SpatialHub.Server.Tiles;

/// <summary>Answers tile requests: resolves the layers at their current versions, then serves from the cache or
/// renders once however many requests ask for the same tile at the same time. A URL without a version token costs one
/// indexed query for the versions, so an import by any process shows on the very next tile; a URL whose <c>v</c>
/// names the versions the catalog watcher knows to be current is served from memory with no database round trip.
/// Versions and renders are read through the <see cref="ReadRouter"/> (a replica when one is configured and current).</summary>
public sealed class TileService(
    Func<ReadRouter> reads, TilesOptions options, TileCache cache, TileMetrics metrics, CatalogVersionWatcher watcher)
{
    private readonly TileQueryOptions _queryOptions = options.ToQueryOptions();
    private readonly ConcurrentDictionary<string, Dataset> _datasets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<TileEntry>>> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LayerSet> _layerSets = new(StringComparer.Ordinal);
    private readonly WithinResolver _areas = new(reads);
    private const int MaxRememberedLayerSets = 10_000;

    public TilesOptions Options => options;

    /// <summary>The datasets at their current versions. Throws <see cref="DatasetNotFoundException"/> for an unknown one.</summary>
    public async Task<LayerSet> ResolveAsync(IReadOnlyList<string> ids, FeatureReference? within, CancellationToken cancellationToken)
    {
        var catalog = new CatalogRepository(reads());
        var versions = await catalog.VersionsAsync(Wanted(ids, within), cancellationToken);
        return await LayerSetAsync(catalog, ids, within, versions, cancellationToken);
    }

    /// <summary>
    /// A tile of <paramref name="ids"/> as of their versions at this request. When every dataset was seen before
    /// and the tile is not cached, the render for the last known versions starts while the versions are read, so a
    /// cold tile costs one database round trip, not two; it is used only if the versions read are those it was
    /// rendered for (otherwise it is dropped and the tile rendered for the versions read).
    /// </summary>
    public async Task<(LayerSet Layers, TileEntry Tile)> GetAsync(
        IReadOnlyList<string> ids, FeatureReference? within, TileCoord tile, string? versionToken, CancellationToken cancellationToken)
    {
        var known = KnownLayerSet(ids, within);
        if (versionToken is not null && known is not null && known.VersionToken == versionToken && IsCurrent(known))
        {
            return (known, await GetTileAsync(known, tile, cancellationToken));
        }
        try
        {
            return await GetCurrentAsync(ids, within, tile, known, cancellationToken);
        }
        catch (NpgsqlException e) when (e.IsTransient && known is not null && cache.TryGetMemory(TileCache.Key(known, tile), out var stale))
        {
            // The database is unreachable: the last known version of a cached tile beats an error (stale-if-error).
            metrics.Hit("stale");
            return (known, stale);
        }
    }

    private async Task<(LayerSet Layers, TileEntry Tile)> GetCurrentAsync(
        IReadOnlyList<string> ids, FeatureReference? within, TileCoord tile, LayerSet? known, CancellationToken cancellationToken)
    {
        var catalog = new CatalogRepository(reads());
        var versionsTask = catalog.VersionsAsync(Wanted(ids, within), cancellationToken);
        Task<TileEntry>? speculative = null;
        if (known is not null && !cache.TryGetMemory(TileCache.Key(known, tile), out _))
        {
            speculative = Load(known, tile);
        }
        LayerSet layers;
        try
        {
            layers = await LayerSetAsync(catalog, ids, within, await versionsTask, cancellationToken);
        }
        catch
        {
            Discard(speculative);
            throw;
        }
        if (speculative is not null && known!.CacheKey == layers.CacheKey)
        {
            return (layers, await speculative.WaitAsync(cancellationToken));
        }
        // A dataset changed since it was last seen: the guess rendered an old version (whose table may be gone).
        Discard(speculative);
        return (layers, await GetTileAsync(layers, tile, cancellationToken));
    }

    /// <summary>True when the watcher, listening right now, knows every dataset of the set at the set's version.</summary>
    private bool IsCurrent(LayerSet layers) =>
        layers.Datasets.All(d => watcher.TryGetVersion(d.Id, out var version) && version == d.Version)
        && (layers.Within is null || (watcher.TryGetVersion(layers.Within.Area.Id, out var areaVersion) && areaVersion == layers.Within.Area.Version));

    private static void Discard(Task<TileEntry>? speculative) =>
        speculative?.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private static IReadOnlyCollection<string> Wanted(IReadOnlyList<string> ids, FeatureReference? within) =>
        within is null || ids.Contains(within.DatasetId) ? ids : [.. ids, within.DatasetId];

    /// <summary>The layer set of the datasets as last seen, or null when one was never seen. Kept per request shape and
    /// rebuilt only when a dataset changed, since building one hashes its key.</summary>
    private LayerSet? KnownLayerSet(IReadOnlyList<string> ids, FeatureReference? within)
    {
        var shape = within is null ? string.Join(',', ids) : $"{string.Join(',', ids)}~{within}";
        if (_layerSets.TryGetValue(shape, out var remembered) && IsLatestSeen(remembered))
        {
            return remembered;
        }
        var datasets = new Dataset[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            if (!_datasets.TryGetValue(ids[i], out var dataset))
            {
                return null;
            }
            datasets[i] = dataset;
        }
        WithinFilter? filter = null;
        if (within is not null)
        {
            if (!_datasets.TryGetValue(within.DatasetId, out var area) || _areas.Found(area, within.FeatureId) is not { } found)
            {
                return null;
            }
            filter = found;
        }
        if (_layerSets.Count >= MaxRememberedLayerSets)
        {
            _layerSets.Clear(); // within= takes any feature id: keep the memory bounded
        }
        return _layerSets[shape] = new LayerSet(datasets, filter);
    }

    private bool IsLatestSeen(LayerSet layers) =>
        layers.Datasets.All(d => _datasets.TryGetValue(d.Id, out var seen) && ReferenceEquals(seen, d))
        && (layers.Within is null || (_datasets.TryGetValue(layers.Within.Area.Id, out var area) && ReferenceEquals(area, layers.Within.Area)));

    private async Task<LayerSet> LayerSetAsync(
        CatalogRepository catalog, IReadOnlyList<string> ids, FeatureReference? within, IReadOnlyDictionary<string, long> versions, CancellationToken cancellationToken)
    {
        var datasets = new Dataset[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            datasets[i] = await DatasetAsync(catalog, ids[i], versions, cancellationToken);
        }
        WithinFilter? filter = null;
        if (within is not null)
        {
            filter = await _areas.ResolveAsync(await DatasetAsync(catalog, within.DatasetId, versions, cancellationToken), within.FeatureId, cancellationToken);
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
        if (cache.TryGetMemory(TileCache.Key(layers, tile), out var cached))
        {
            metrics.Hit("memory");
            return cached;
        }
        // The render is shared, so one caller giving up must not cancel it for the others.
        return await Load(layers, tile).WaitAsync(cancellationToken);
    }

    /// <summary>The one load (disk cache, else render) of a tile in flight: concurrent requests share it.</summary>
    private Task<TileEntry> Load(LayerSet layers, TileCoord tile)
    {
        var key = TileCache.Key(layers, tile);
        var load = new Lazy<Task<TileEntry>>(() => LoadAsync(layers, tile));
        var shared = _inFlight.GetOrAdd(key, load);
        if (!ReferenceEquals(shared, load))
        {
            metrics.Coalesced();
            return shared.Value;
        }
        // The cache holds the result from now on; the in-flight entry goes as soon as the load ends, however it ends.
        _ = shared.Value.ContinueWith(
            _ => _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<TileEntry>>>(key, shared)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return shared.Value;
    }

    /// <summary>Renders without the cache (the benchmark's and the export's path).</summary>
    public async Task<TileEntry> RenderAsync(LayerSet layers, TileCoord tile, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rendered = await new TileRenderer(reads(), _queryOptions).RenderAsync(layers.Datasets, tile, layers.Within, cancellationToken);
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
