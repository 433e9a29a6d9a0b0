using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Analytics;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Analytics;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Replicas;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Analytics;

/// <summary>Resolves the datasets of an analytics request at their current versions (or the pinned ones), then answers
/// from memory or from PostGIS. Answers are keyed by the versions of every dataset involved, as tiles are, so an
/// import makes the old answers unreachable at once; concurrent requests for the same answer share one computation.</summary>
public sealed class AnalyticsService : IDisposable
{
    private readonly Func<ReadRouter> _reads;
    private readonly AnalyticsOptions _options;
    private readonly MemoryCache? _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _inFlight = new(StringComparer.Ordinal);

    public AnalyticsService(Func<ReadRouter> reads, AnalyticsOptions options)
    {
        _reads = reads;
        _options = options;
        _cache = options.CacheMegabytes > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.CacheMegabytes * 1024L * 1024L }) : null;
    }

    public AnalyticsService(DatabaseHost database, IOptions<AnalyticsOptions> options) : this(() => database.Reads, options.Value)
    {
    }

    /// <summary>The catalog entry a parameter names; 400 for a malformed value, 404 for an unknown dataset or version.</summary>
    public async Task<Dataset> DatasetAsync(string parameter, string? text, CancellationToken cancellationToken)
    {
        var selector = DatasetSelector.Parse(parameter, text);
        return selector.Check(parameter, await new CatalogRepository(_reads()).FindAsync(selector.Id, cancellationToken));
    }

    public Task<ZoneStatisticsResult> ZonesAsync(
        Dataset dataset, Dataset zones, string? name, string? fields, bool withGeometry, CancellationToken cancellationToken)
    {
        AnalyticsLimits.RequirePolygons("zones", zones);
        var nameField = ZoneStatistics.NameField(zones, name);
        var numeric = NumericFields.Choose("fields", dataset, fields);
        // Field names are client text: serialised as JSON, no two requests share a key by accident.
        return CachedAsync($"zones|{Key(dataset)}|{Key(zones)}|{JsonSerializer.Serialize(new { nameField, numeric, withGeometry })}",
            () => new ZoneStatistics(_reads(), _options.StatementTimeout).ComputeAsync(dataset, zones, nameField, numeric, withGeometry, CancellationToken.None),
            r => r.Rows.Sum(row => 256L + 16L * (row.Geometry?.NumPoints ?? 0)), cancellationToken);
    }

    public Task<ProximityResult> ProximityAsync(Dataset from, Dataset to, double? radius, bool withGeometry, CancellationToken cancellationToken) =>
        CachedAsync($"proximity|{Key(from)}|{Key(to)}|{radius:R}|{withGeometry}",
            () => new Proximity(_reads(), _options.StatementTimeout).ComputeAsync(from, to, radius, withGeometry, CancellationToken.None),
            r => r.Rows.Sum(row => 96L + 16L * (row.Geometry?.NumPoints ?? 0) + 2L * (row.PropertiesJson?.Length ?? 0)) + 256, cancellationToken);

    public Task<DensityGridResult> GridAsync(Dataset dataset, int cellSize, CancellationToken cancellationToken) =>
        CachedAsync($"grid|{Key(dataset)}|{cellSize}",
            () => new DensityGrid(_reads(), _options.StatementTimeout).ComputeAsync(dataset, cellSize, CancellationToken.None),
            r => 48L * r.Cells.Count + 256, cancellationToken);

    public Task<byte[]> GridTileAsync(Dataset dataset, int cellSize, TileCoord tile, CancellationToken cancellationToken) =>
        CachedAsync($"grid-tile|{Key(dataset)}|{cellSize}|{tile}",
            () => new DensityGrid(_reads(), _options.StatementTimeout).TileAsync(dataset, cellSize, tile, CancellationToken.None),
            bytes => bytes.Length + 128L, cancellationToken);

    private static string Key(Dataset dataset) => $"{dataset.Id}@{dataset.Version}";

    /// <summary>The cached answer, else the one computation in flight for the key, else a new one. The computation is
    /// not cancelled with the request: others may be waiting for it, and its answer is kept.</summary>
    private async Task<T> CachedAsync<T>(string key, Func<Task<T>> compute, Func<T, long> size, CancellationToken cancellationToken) where T : class
    {
        if (_cache is not null && _cache.TryGetValue(key, out T? cached) && cached is not null)
        {
            return cached;
        }
        var load = new Lazy<Task<object>>(async () =>
        {
            var value = await compute();
            _cache?.Set(key, value, new MemoryCacheEntryOptions { Size = Math.Max(1, size(value)) });
            return value;
        });
        var shared = _inFlight.GetOrAdd(key, load);
        if (ReferenceEquals(shared, load))
        {
            // The cache holds the answer from now on; a failure is not kept, so the next request tries again.
            _ = shared.Value.ContinueWith(
                _ => _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<object>>>(key, shared)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return (T)await shared.Value.WaitAsync(cancellationToken);
    }

    public void Dispose() => _cache?.Dispose();
}
