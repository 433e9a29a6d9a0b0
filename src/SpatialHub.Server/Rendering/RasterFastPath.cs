using System.Globalization;
using Microsoft.Extensions.Primitives;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Rendering;

/// <summary>
/// The raster counterpart of <see cref="TileFastPath"/>: middleware ahead of routing that answers a raster tile
/// already rendered (for the current dataset versions and styles) with the response the endpoint would send
/// (<see cref="RenderingEndpoints.WriteAsync"/>), without routing, the route's regex, parameter binding or a DI
/// scope. A cached PNG then costs what a cached vector tile costs, plus its larger body. Everything else goes on
/// unchanged: other paths and query parameters, cross-origin and conditional requests, malformed or uncached tiles,
/// and every request while the catalog watcher is not listening.
/// </summary>
public static class RasterFastPath
{
    private const string Prefix = "/tiles/";
    private static readonly StringValues NoSniff = "nosniff";

    public static IApplicationBuilder UseRasterFastPath(this IApplicationBuilder app)
    {
        var renders = app.ApplicationServices.GetRequiredService<MapRenderService>();
        var tiles = app.ApplicationServices.GetRequiredService<TileLoader>();
        var options = app.ApplicationServices.GetRequiredService<TilesOptions>();
        return app.Use((context, next) =>
        {
            if (TryMatch(context.Request, out var layers, out var tile, out var scale, out var version)
                && tiles.Source.TryGetCurrent(layers, null, out var set)
                && renders.TryGetCachedTile(set, tile, scale, out var image))
            {
                // The one header of PageSecurityHeaders (further down the pipeline) that applies to an image.
                context.Response.Headers.XContentTypeOptions = NoSniff;
                var versioned = version is not null && string.Equals(version, set.VersionToken, StringComparison.Ordinal);
                return RenderingEndpoints.WriteAsync(context, image, versioned ? options.VersionedCacheControl : options.CacheControl);
            }
            return next(context);
        });
    }

    /// <summary>GET /tiles/{layers}/{z}/{x}/{y}.png or {y}@2x.png, with no query or only <c>?v=</c> (hex), not
    /// cross-origin, not conditional.</summary>
    private static bool TryMatch(HttpRequest request, out string layers, out TileCoord tile, out int scale, out string? version)
    {
        (layers, tile, scale, version) = ("", default, 1, null);
        var path = request.Path.Value;
        var query = request.QueryString.Value;
        if (path is null || !HttpMethods.IsGet(request.Method) || !path.StartsWith(Prefix, StringComparison.Ordinal)
            || !path.EndsWith(".png", StringComparison.Ordinal) || request.Headers.Origin.Count > 0 || request.Headers.IfNoneMatch.Count > 0)
        {
            return false;
        }
        if (!string.IsNullOrEmpty(query))
        {
            if (!query.StartsWith("?v=", StringComparison.Ordinal) || query.Length is <= 3 or > 64 || !Uri.IsHexDigit(query[3])
                || query.AsSpan(3).ContainsAnyExcept("0123456789abcdef"))
            {
                return false;
            }
            version = query[3..];
        }
        var parts = path[Prefix.Length..^".png".Length].Split('/');
        if (parts.Length != 4 || parts[0].Length == 0)
        {
            return false;
        }
        var row = parts[3];
        if (row.EndsWith("@2x", StringComparison.Ordinal))
        {
            (row, scale) = (row[..^3], 2);
        }
        if (!Number(parts[1], out var z) || !Number(parts[2], out var x) || !Number(row, out var y)
            || z > TileCoord.MaxZoom || x >= TileCoord.TilesPerAxis(z) || y >= TileCoord.TilesPerAxis(z))
        {
            return false;
        }
        (layers, tile) = (parts[0], TileCoord.Create(z, x, y));
        return true;

        static bool Number(string text, out int value) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && text.Length <= 8;
    }
}
