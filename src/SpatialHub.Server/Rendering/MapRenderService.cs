using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using SpatialHub.Core.Tiles;
using SpatialHub.Mapping;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Layers;
using SpatialHub.Mapping.Rendering;
using SpatialHub.Mapping.Skia;
using SpatialHub.Mapping.Styles;
using SpatialHub.Server.Styles;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Rendering;

/// <summary>An image to serve: its ETag is known before rendering (from the dataset versions, the styles' hash and the
/// request), so a matching If-None-Match costs no render; <see cref="Bytes"/> renders or reads the cache (a PNG, or
/// the PDF of a print).</summary>
public sealed record RenderedImage(LayerSet Layers, string ETag, Func<Task<byte[]>> Bytes);

/// <summary>
/// Raster tiles and static maps: resolves the layers at their current versions, composes their styles, and renders
/// through SpatialHub.Mapping over the server's own tiles (<see cref="ServerTileProvider"/>). Two memory caches with
/// separate budgets (tiles, static maps), keyed by dataset versions + styles hash + request, so an import or a style
/// edit shows on the next request. Concurrent requests for one image share one render; renders at once are bounded.
/// </summary>
public sealed class MapRenderService(TileLoader tiles, StyleStore styles, RenderingOptions options) : IDisposable
{
    private readonly MemoryCache _tileCache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.TileCacheMegabytes * 1024L * 1024) });
    private readonly MemoryCache _staticCache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, options.StaticCacheMegabytes * 1024L * 1024) });
    private readonly SemaphoreSlim _renders = new(options.MaxConcurrentRenders);
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _inFlight = new(StringComparer.Ordinal);

    public RenderingOptions Options => options;

    public async Task<RenderedImage> TileAsync(IReadOnlyList<string> ids, TileCoord tile, int scale, CancellationToken cancellationToken)
    {
        var (layers, style) = await ResolveAsync(ids, cancellationToken);
        var key = $"tile|{layers.CacheKey}|{style.Hash}|{tile}@{scale}";
        return new RenderedImage(layers, ETagOf(key), () => CachedAsync(_tileCache, options.TileCacheMegabytes > 0, key, async () =>
        {
            var map = MapOf(layers, style);
            map.Background = MapColour.Transparent; // tiles are overlays: Leaflet and GIS clients put them on their own basemap
            var buffer = options.TileBuffer;
            var viewport = Viewport.ForTile(new TileId(tile.Z, tile.X, tile.Y), scale, buffer);
            var render = new RenderOptions { LabelsOncePerView = true, Attribution = false, ScaleBar = false, Margin = 32 };
            return await MapImage.PngCroppedAsync(map, viewport, buffer, render);
        }));
    }

    public async Task<RenderedImage> StaticAsync(IReadOnlyList<string> ids, Viewport viewport, CancellationToken cancellationToken)
    {
        var (layers, style) = await ResolveAsync(ids, cancellationToken);
        var key = FormattableString.Invariant(
            $"static|{layers.CacheKey}|{style.Hash}|{viewport.Longitude:R},{viewport.Latitude:R},{viewport.Zoom:R}|{viewport.Width}x{viewport.Height}@{viewport.PixelRatio}");
        return new RenderedImage(layers, ETagOf(key), () => CachedAsync(_staticCache, options.StaticCacheMegabytes > 0, key,
            () => MapImage.PngAsync(MapOf(layers, style), viewport)));
    }

    /// <summary>A printable document of the layers (the PDF of <c>/print</c>), cached with the static maps (their budget,
    /// and keys of dataset versions + styles hash + <paramref name="request"/>, everything else that shapes the page).</summary>
    public async Task<RenderedImage> DocumentAsync(
        IReadOnlyList<string> ids, string request, Func<Map, IReadOnlyList<Core.Catalog.Dataset>, Task<byte[]>> draw, CancellationToken cancellationToken)
    {
        var (layers, style) = await ResolveAsync(ids, cancellationToken);
        var key = $"print|{layers.CacheKey}|{style.Hash}|{request}";
        return new RenderedImage(layers, ETagOf(key), () => CachedAsync(_staticCache, options.StaticCacheMegabytes > 0, key,
            () => draw(MapOf(layers, style), layers.Datasets)));
    }

    /// <summary>A map of the layers over the server's tiles, for callers that draw it themselves (the CLI's PDF).</summary>
    public async Task<Map> MapAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var (layers, style) = await ResolveAsync(ids, cancellationToken);
        return MapOf(layers, style);
    }

    private async Task<(LayerSet Layers, ComposedStyle Style)> ResolveAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var layers = await tiles.Source.ResolveAsync(string.Join(',', ids), null, cancellationToken);
        return (layers, styles.Compose(layers.Datasets, ""));
    }

    private Map MapOf(LayerSet layers, ComposedStyle style)
    {
        var map = new Map { Title = string.Join(", ", layers.Datasets.Select(d => d.Title)) };
        map.Layers.Add(new VectorTileLayer(string.Join(',', layers.Datasets.Select(d => d.Id)), new ServerTileProvider(tiles, layers), style.Sheet));
        return map;
    }

    private Task<byte[]> CachedAsync(MemoryCache cache, bool enabled, string key, Func<Task<byte[]>> render)
    {
        if (enabled && cache.TryGetValue(key, out byte[]? cached) && cached is not null)
        {
            return Task.FromResult(cached);
        }
        var load = new Lazy<Task<byte[]>>(async () =>
        {
            // The render is shared by every request for this image: no single caller's cancellation stops it.
            await _renders.WaitAsync(CancellationToken.None);
            try
            {
                var png = await render();
                if (enabled)
                {
                    cache.Set(key, png, new MemoryCacheEntryOptions { Size = png.Length + 256 });
                }
                return png;
            }
            finally
            {
                _renders.Release();
            }
        });
        var shared = _inFlight.GetOrAdd(key, load);
        if (ReferenceEquals(shared, load))
        {
            _ = shared.Value.ContinueWith(
                _ => _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(key, shared)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return shared.Value;
    }

    private static string ETagOf(string key) => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12))}\"";

    public void Dispose()
    {
        _tileCache.Dispose();
        _staticCache.Dispose();
        _renders.Dispose();
    }
}
