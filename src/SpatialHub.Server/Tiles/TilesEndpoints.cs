using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Tiles;

/// <summary>Vector tiles: <c>/tiles/{layers}/{z}/{x}/{y}</c>, TileJSON at <c>/tiles/{layers}</c>, and <c>/metrics</c>.</summary>
public static class TilesEndpoints
{
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    public static IEndpointRouteBuilder MapTiles(this IEndpointRouteBuilder app)
    {
        var tiles = app.MapGroup("/tiles").WithTags("Tiles");
        tiles.MapGet("/{layers}/{z}/{x}/{y}", TileAsync)
            .WithSummary("A Mapbox Vector Tile with one layer per dataset (y may end in .mvt or .pbf)")
            .Produces(StatusCodes.Status200OK, contentType: ContentType)
            .Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        tiles.MapGet("/{layers}", TileJsonAsync).WithSummary("TileJSON 3.0.0 for one dataset or a comma-separated list");
        app.MapGet("/metrics", (PrometheusMetrics metrics) => TypedResults.Text(metrics.Render(), PrometheusMetrics.ContentType))
            .WithTags("Health").WithSummary("Prometheus text exposition of the tile, cache and connection pool metrics");
        return app;
    }

    internal static async Task TileAsync(
        string layers, string z, string x, string y, string? within, string? v,
        HttpContext context, TileLoader tiles, TilesOptions options, TileMetrics metrics)
    {
        var clock = Stopwatch.StartNew();
        var tile = TileCoord.Parse(z, x, y);
        var (set, entry) = await tiles.GetAsync(layers, within, tile, context.RequestAborted);

        var response = context.Response;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.CacheControl = v is not null && string.Equals(v, set.VersionToken, StringComparison.Ordinal)
            ? options.VersionedCacheControl
            : options.CacheControl;
        if (entry.IsEmpty)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            metrics.Request(clock.Elapsed.TotalMilliseconds, response.StatusCode);
            return;
        }
        var encoding = Negotiate(context.Request.Headers.AcceptEncoding);
        var etag = entry.ETag(encoding);
        response.Headers.ETag = etag;
        if (Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            metrics.Request(clock.Elapsed.TotalMilliseconds, response.StatusCode);
            return;
        }
        var body = entry.Body(encoding);
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        if (encoding != TileEncoding.Identity)
        {
            response.Headers.ContentEncoding = encoding == TileEncoding.Gzip ? "gzip" : "br";
        }
        await response.Body.WriteAsync(body, context.RequestAborted);
        metrics.Served(body.Length, encoding);
        metrics.Request(clock.Elapsed.TotalMilliseconds, response.StatusCode);
    }

    private static async Task<Ok<TileJson>> TileJsonAsync(
        string layers, string? within, HttpRequest request, ITileSource source, TilesOptions options, CancellationToken cancellationToken)
    {
        var set = await source.ResolveAsync(layers, within, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = options.MetadataCacheControl;
        return TypedResults.Ok(TileJson.From(set, layers, within, request.BaseUrl(), options));
    }

    /// <summary>Brotli when the client takes it, else gzip, else the plain bytes; <c>q=0</c> refuses a coding.</summary>
    internal static TileEncoding Negotiate(StringValues acceptEncoding)
    {
        bool brotli = false, gzip = false;
        foreach (var header in acceptEncoding)
        {
            foreach (var part in (header ?? "").Split(','))
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                var refused = pieces.Skip(1).Any(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                    && double.TryParse(p.AsSpan(2), NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q <= 0);
                if (refused)
                {
                    continue;
                }
                brotli |= pieces[0].Equals("br", StringComparison.OrdinalIgnoreCase);
                gzip |= pieces[0].Equals("gzip", StringComparison.OrdinalIgnoreCase);
            }
        }
        return brotli ? TileEncoding.Brotli : gzip ? TileEncoding.Gzip : TileEncoding.Identity;
    }

    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (candidate == "*" || string.Equals(candidate, etag, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
