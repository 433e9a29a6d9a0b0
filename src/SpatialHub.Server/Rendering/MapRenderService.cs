using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
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

/// <summary>A rendered image as cached: its bytes and the ETag it was served with.</summary>
internal sealed record CachedImage(byte[] Png, string ETag);

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
    private readonly ConcurrentDictionary<object, Lazy<Task<byte[]>>> _inFlight = new();

    public RenderingOptions Options => options;

    public async Task<RenderedImage> TileAsync(IReadOnlyList<string> ids, TileCoord tile, int scale, CancellationToken cancellationToken)
    {
        var (layers, style) = await ResolveAsync(ids, cancellationToken);
        var key = new TileKey(layers.CacheKey, style.Hash, tile, scale);
        if (TryGetCached(key, out var cached))
        {
            return Served(layers, cached);
        }
        var etag = ETagOf($"tile|{layers.CacheKey}|{style.Hash}|{tile}@{scale}");
        return new RenderedImage(layers, etag, () => CachedAsync(_tileCache, options.TileCacheMegabytes > 0, key, etag, async () =>
        {
            var map = MapOf(layers, style);
            map.Background = MapColour.Transparent; // tiles are overlays: Leaflet and GIS clients put them on their own basemap
            var buffer = options.TileBuffer;
            var viewport = Viewport.ForTile(new TileId(tile.Z, tile.X, tile.Y), scale, buffer);
            var render = new RenderOptions { LabelsOncePerView = true, Attribution = false, ScaleBar = false, Margin = 32 };
            return await MapImage.PngCroppedAsync(map, viewport, buffer, render);
        }));
    }

    /// <summary>A raster tile already rendered for these layers (at their current versions) and the current styles:
    /// no I/O beyond the styles' file check, no hashing. The cached path, <see cref="RasterFastPath"/>, serves it ahead
    /// of routing, as cached vector tiles are.</summary>
    public bool TryGetCachedTile(LayerSet layers, TileCoord tile, int scale, [NotNullWhen(true)] out RenderedImage? image)
    {
        image = null;
        if (!TryGetCached(new TileKey(layers.CacheKey, styles.Compose(layers.Datasets, "").Hash, tile, scale), out var cached))
        {
            return false;
        }
        image = Served(layers, cached);
        return true;
    }

    private bool TryGetCached(TileKey key, [NotNullWhen(true)] out CachedImage? cached)
    {
        cached = null;
        return options.TileCacheMegabytes > 0 && _tileCache.TryGetValue(key, out cached) && cached is not null;
    }

    private static RenderedImage Served(LayerSet layers, CachedImage cached)
    {
        var png = Task.FromResult(cached.Png);
        return new RenderedImage(layers, cached.ETag, () => png);
    }

    public async Task<RenderedImage> StaticAsync(IReadOnlyList<string> ids, Viewport viewport, CancellationToken cancellationToken)
    {
        var (layers, style) = await ResolveAsync(ids, cancellationToken);
        var key = FormattableString.Invariant(
            $"static|{layers.CacheKey}|{style.Hash}|{viewport.Longitude:R},{viewport.Latitude:R},{viewport.Zoom:R}|{viewport.Width}x{viewport.Height}@{viewport.PixelRatio}");
        if (options.StaticCacheMegabytes > 0 && _staticCache.TryGetValue(key, out CachedImage? cached) && cached is not null)
        {
            return Served(layers, cached);
        }
        var etag = ETagOf(key);
        return new RenderedImage(layers, etag, () => CachedAsync(_staticCache, options.StaticCacheMegabytes > 0, key, etag,
            () => MapImage.PngAsync(MapOf(layers, style), viewport)));
    }

    /// <summary>A printable document of the layers (the PDF of <c>/print</c>), cached with the static maps (their budget,
    /// and keys of dataset versions + styles hash + <paramref name="request"/>, everything else that shapes the page).</summary>
    public async Task<RenderedImage> DocumentAsync(
        IReadOnlyList<string> ids, string request, Func<Map, IReadOnlyList<Core.Catalog.Dataset>, Task<byte[]>> draw, CancellationToken cancellationToken)
    {
        var (layers, style) = await ResolveAsync(ids, cancellationToken);
        var key = $"print|{layers.CacheKey}|{style.Hash}|{request}";
        var etag = ETagOf(key);
        return new RenderedImage(layers, etag, () => CachedAsync(_staticCache, options.StaticCacheMegabytes > 0, key, etag,
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

    /// <summary>Renders once however many requests ask at the same time, and caches the PNG with its ETag (so a hit
    /// hashes nothing).</summary>
    private Task<byte[]> CachedAsync(MemoryCache cache, bool enabled, object key, string etag, Func<Task<byte[]>> render)
    {
        var load = new Lazy<Task<byte[]>>(async () =>
        {
            // The render is shared by every request for this image: no single caller's cancellation stops it.
            await _renders.WaitAsync(CancellationToken.None);
            try
            {
                var png = await render();
                if (enabled)
                {
                    cache.Set(key, new CachedImage(png, etag), new MemoryCacheEntryOptions { Size = png.Length + 256 });
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
                _ => _inFlight.TryRemove(new KeyValuePair<object, Lazy<Task<byte[]>>>(key, shared)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return shared.Value;
    }

    private static string ETagOf(string key) => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12))}\"";

    /// <summary>A raster tile of one version set and one styles hash: compared by value, so a lookup builds no string.</summary>
    private readonly record struct TileKey(string Layers, string Style, TileCoord Tile, int Scale);

    public void Dispose()
    {
        _tileCache.Dispose();
        _staticCache.Dispose();
        _renders.Dispose();
    }
}
