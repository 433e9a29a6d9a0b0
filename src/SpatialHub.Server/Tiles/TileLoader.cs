using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Tiles;

namespace SpatialHub.Server.Tiles;

/// <summary>
/// Tiles of an <see cref="ITileSource"/>, cached and coalesced: from memory (LRU-compacted, bounded in bytes), else
/// from the disk cache, else rendered once however many requests ask for the same tile at the same time. Keys carry
/// the datasets' versions (<see cref="LayerSet.CacheKey"/>), so an import makes every old entry unreachable at once:
/// no TTL, nothing to invalidate; old entries age out. This is the call for anything in the process that needs a
/// tile's bytes (the HTTP endpoint, the raster renderer): <see cref="GetAsync(LayerSet, TileCoord, CancellationToken)"/>.
/// </summary>
public sealed class TileLoader : IDisposable
{
    private readonly ITileSource _source;
    private readonly TileMetrics _metrics;
    private readonly MemoryCache? _memory;
    private readonly string? _directory;
    private readonly ConcurrentDictionary<TileKey, Lazy<Task<TileEntry>>> _inFlight = new();

    public TileLoader(ITileSource source, TilesOptions options, TileMetrics metrics)
    {
        _source = source;
        _metrics = metrics;
        if (options.MemoryCacheMegabytes > 0)
        {
            _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.MemoryCacheMegabytes * 1024L * 1024L, CompactionPercentage = 0.2 });
        }
        _directory = string.IsNullOrWhiteSpace(options.DiskCacheDirectory) ? null : Path.GetFullPath(options.DiskCacheDirectory);
        _renderFingerprint = RenderFingerprint(options);
    }

    /// <summary>Raise when the tile SQL's output changes for the same data and settings (a new attribute, another
    /// clustering rule), so that disk caches written by the previous build are not served by this one.</summary>
    private const int TileSqlRevision = 2;

    private readonly string _renderFingerprint;

    /// <summary>The same versions drawn with other tile settings (clustering, sums, categories, simplification,
    /// budget) or by another tile SQL are other tiles: disk folders carry this, so a changed setting or an upgrade
    /// never serves tiles cached before it. (Memory caches die with the process that holds the settings.)</summary>
    private static string RenderFingerprint(TileQueryOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(new { TileSqlRevision, Query = options })))[..8];

    public ITileSource Source => _source;

    /// <summary>Resolves the request's layers, then gets the tile. When the database cannot be reached, the tile of
    /// the last known versions, if it is in memory, beats an error (stale-if-error).</summary>
    public async ValueTask<(LayerSet Layers, TileEntry Tile)> GetAsync(string layers, string? within, TileCoord tile, CancellationToken cancellationToken)
    {
        LayerSet set;
        try
        {
            set = await _source.ResolveAsync(layers, within, cancellationToken);
        }
        catch (DatabaseUnavailableException) when (_source.LastResolved(layers, within) is { } known && TryGetMemory(known, tile, out var stale))
        {
            _metrics.Hit("stale");
            return (known, stale);
        }
        return (set, await GetAsync(set, tile, cancellationToken));
    }

    /// <summary>One tile of <paramref name="layers"/>: from a cache, or rendered once and cached.</summary>
    public ValueTask<TileEntry> GetAsync(LayerSet layers, TileCoord tile, CancellationToken cancellationToken)
    {
        if (TryGetMemory(layers, tile, out var cached))
        {
            _metrics.Hit("memory");
            return ValueTask.FromResult(cached);
        }
        // The render is shared, so one caller giving up must not cancel it for the others.
        return new ValueTask<TileEntry>(Load(layers, tile).WaitAsync(cancellationToken));
    }

    /// <summary>Renders without the cache (the export's path).</summary>
    public async Task<TileEntry> RenderAsync(LayerSet layers, TileCoord tile, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rendered = await _source.GetTileAsync(layers, tile, cancellationToken);
        _metrics.Rendered(clock.Elapsed.TotalMilliseconds, rendered.Detail.Level);
        return new TileEntry(rendered.Bytes);
    }

    /// <summary>The tile if it is in memory; no I/O (the hot path).</summary>
    public bool TryGetMemory(LayerSet layers, TileCoord tile, out TileEntry entry)
    {
        entry = null!;
        return _memory is not null && _memory.TryGetValue(new TileKey(layers.CacheKey, tile), out entry!);
    }

    /// <summary>The one load (disk cache, else render) of a tile in flight: concurrent requests share it.</summary>
    private Task<TileEntry> Load(LayerSet layers, TileCoord tile)
    {
        var key = new TileKey(layers.CacheKey, tile);
        var load = new Lazy<Task<TileEntry>>(() => LoadAsync(key, layers, tile));
        var shared = _inFlight.GetOrAdd(key, load);
        if (!ReferenceEquals(shared, load))
        {
            _metrics.Coalesced();
            return shared.Value;
        }
        // The cache holds the result from now on; the in-flight entry goes as soon as the load ends, however it ends.
        _ = shared.Value.ContinueWith(
            _ => _inFlight.TryRemove(new KeyValuePair<TileKey, Lazy<Task<TileEntry>>>(key, shared)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return shared.Value;
    }

    private async Task<TileEntry> LoadAsync(TileKey key, LayerSet layers, TileCoord tile)
    {
        var path = _directory is null ? null : DiskPath(layers, tile);
        if (path is not null && await ReadDiskAsync(path) is { } fromDisk)
        {
            _metrics.Hit("disk");
            PutMemory(key, fromDisk);
            return fromDisk;
        }
        var entry = await RenderAsync(layers, tile, CancellationToken.None);
        PutMemory(key, entry);
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Write beside, then rename: a reader never sees half a tile.
            var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temporary, entry.Bytes);
            File.Move(temporary, path, overwrite: true);
        }
        return entry;
    }

    private static async Task<TileEntry?> ReadDiskAsync(string path)
    {
        try
        {
            return new TileEntry(await File.ReadAllBytesAsync(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private void PutMemory(TileKey key, TileEntry entry) =>
        _memory?.Set(key, entry, new MemoryCacheEntryOptions { Size = entry.CacheSize });

    /// <summary>tiles/cache/{layers@versions}~{settings}/{z}/{x}/{y}.mvt: one folder per version set and tile settings
    /// (<see cref="RenderFingerprint"/>), so stale folders can simply be deleted.</summary>
    private string DiskPath(LayerSet layers, TileCoord tile) =>
        Path.Combine(_directory!, layers.CacheKey + "~" + _renderFingerprint, tile.Z.ToString(CultureInfo.InvariantCulture),
            tile.X.ToString(CultureInfo.InvariantCulture), tile.Y.ToString(CultureInfo.InvariantCulture) + ".mvt");

    public void Dispose() => _memory?.Dispose();

    /// <summary>A tile of one version set: compared by value, so looking it up builds no string.</summary>
    private readonly record struct TileKey(string CacheKey, TileCoord Tile);
}
