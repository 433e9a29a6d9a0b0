using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Layers;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Blazor.Tiles;

/// <summary>
/// A vector tile layer for an interactive map: each tile is fetched and decoded once and kept (least recently used
/// first out), and a frame never waits for the network. <see cref="FeaturesAsync"/> returns the tiles already decoded
/// and starts loading the rest; <see cref="TileLoaded"/> then asks for another frame. (SpatialHub.Mapping's
/// VectorTileLayer fetches everything per render, which suits one image, not 60 frames a second.)
/// </summary>
public sealed class CachedTileLayer(string name, ITileProvider provider, StyleSheet style, int capacity = 256) : IMapLayer, IDisposable
{
    private readonly Dictionary<TileId, LinkedListNode<(TileId Tile, FeatureBatch Batch)>> _cache = [];
    private readonly LinkedList<(TileId Tile, FeatureBatch Batch)> _recent = new();
    private readonly HashSet<TileId> _loading = [];
    private readonly CancellationTokenSource _disposed = new();

    public string Name => name;

    public StyleSheet Style => style;

    public string? Attribution => provider.Attribution;

    /// <summary>Raised (on the caller's synchronisation context) when a tile has arrived and been decoded.</summary>
    public event Action<TileId>? TileLoaded;

    /// <summary>Raised when a tile could not be loaded; the tile is tried again on a later frame.</summary>
    public event Action<TileId, Exception>? TileFailed;

    public int TileZoom(Viewport viewport) => Math.Clamp((int)Math.Floor(viewport.Zoom + 1e-9), provider.MinZoom, provider.MaxZoom);

    /// <summary>The decoded tiles covering the view now (ready ones only); every tile of the view not yet here starts loading.</summary>
    public Task<IReadOnlyList<FeatureBatch>> FeaturesAsync(Viewport viewport, double margin, CancellationToken cancellationToken) =>
        Task.FromResult(Visible(viewport, margin));

    public IReadOnlyList<FeatureBatch> Visible(Viewport viewport, double margin)
    {
        var batches = new List<FeatureBatch>();
        foreach (var tile in viewport.Tiles(TileZoom(viewport), margin))
        {
            if (_cache.TryGetValue(tile, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                batches.Add(node.Value.Batch);
            }
            else if (_loading.Add(tile))
            {
                _ = LoadAsync(tile);
            }
        }
        return batches;
    }

    /// <summary>True when every tile the view needs is decoded.</summary>
    public bool Covers(Viewport viewport, double margin) => viewport.Tiles(TileZoom(viewport), margin).All(_cache.ContainsKey);

    private async Task LoadAsync(TileId tile)
    {
        try
        {
            var bytes = await provider.GetTileAsync(tile, _disposed.Token);
            var node = _recent.AddFirst((tile, new FeatureBatch(tile, MvtDecoder.Decode(bytes, tile))));
            _cache[tile] = node;
            while (_cache.Count > capacity && _recent.Last is { } oldest)
            {
                _cache.Remove(oldest.Value.Tile);
                _recent.RemoveLast();
            }
            _loading.Remove(tile);
            TileLoaded?.Invoke(tile);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or InvalidOperationException or IOException)
        {
            _loading.Remove(tile);
            TileFailed?.Invoke(tile, e);
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
