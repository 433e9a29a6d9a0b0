using Microsoft.Extensions.Caching.Memory;
using SpatialHub.Core.Tiles;

namespace SpatialHub.Server.Tiles;

/// <summary>Rendered tiles in memory (LRU-compacted, bounded in bytes) and optionally on disk. Keys carry the
/// datasets' versions (<see cref="LayerSet.CacheKey"/>), so an import makes every old entry unreachable at once:
/// no TTL, nothing to invalidate; old entries age out.</summary>
public sealed class TileCache : IDisposable
{
    private readonly MemoryCache? _memory;
    private readonly string? _directory;

    public TileCache(TilesOptions options)
    {
        if (options.MemoryCacheMegabytes > 0)
        {
            _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.MemoryCacheMegabytes * 1024L * 1024L, CompactionPercentage = 0.2 });
        }
        _directory = string.IsNullOrWhiteSpace(options.DiskCacheDirectory) ? null : Path.GetFullPath(options.DiskCacheDirectory);
    }

    public bool IsEnabled => _memory is not null || _directory is not null;

    public static string Key(LayerSet layers, TileCoord tile) => $"{layers.CacheKey}/{tile}";

    public bool TryGetMemory(string key, out TileEntry entry)
    {
        entry = null!;
        return _memory is not null && _memory.TryGetValue(key, out entry!);
    }

    public async Task<TileEntry?> ReadDiskAsync(LayerSet layers, TileCoord tile, CancellationToken cancellationToken)
    {
        if (_directory is null)
        {
            return null;
        }
        var path = DiskPath(layers, tile);
        try
        {
            var entry = new TileEntry(await File.ReadAllBytesAsync(path, cancellationToken));
            PutMemory(Key(layers, tile), entry);
            return entry;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task PutAsync(LayerSet layers, TileCoord tile, TileEntry entry, CancellationToken cancellationToken)
    {
        PutMemory(Key(layers, tile), entry);
        if (_directory is not null)
        {
            var path = DiskPath(layers, tile);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Write beside, then rename: a reader never sees half a tile.
            var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temporary, entry.Bytes, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
    }

    private void PutMemory(string key, TileEntry entry) =>
        _memory?.Set(key, entry, new MemoryCacheEntryOptions { Size = entry.CacheSize });

    /// <summary>tiles/cache/{layers@versions}/{z}/{x}/{y}.mvt: one folder per version set, so stale folders can simply be deleted.</summary>
    private string DiskPath(LayerSet layers, TileCoord tile) =>
        Path.Combine(_directory!, layers.CacheKey, tile.Z.ToString(System.Globalization.CultureInfo.InvariantCulture),
            tile.X.ToString(System.Globalization.CultureInfo.InvariantCulture), tile.Y.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".mvt");

    public void Dispose() => _memory?.Dispose();
}
