using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Tiles;

/// <summary>Vector tiles: <c>/tiles/{layers}/{z}/{x}/{y}</c>, TileJSON at <c>/tiles/{layers}</c>.</summary>
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
        return app;
    }

    private static async Task TileAsync(
        string layers, string z, string x, string y, string? within, string? v,
        HttpContext context, TileLoader tiles, TilesOptions options, TileMetrics metrics)
    {
        var tile = TileCoord.Parse(z, x, y);
        var (set, entry) = await tiles.GetAsync(layers, within, tile, context.RequestAborted);
        await WriteAsync(context, entry, v is not null && string.Equals(v, set.VersionToken, StringComparison.Ordinal), options, metrics);
    }

    /// <summary>The response for a tile, shared by the endpoint and <see cref="TileFastPath"/>: one place decides the
    /// status, headers and body. <paramref name="versioned"/>: the request's <c>v</c> is the layers' current token.</summary>
    internal static Task WriteAsync(HttpContext context, TileEntry entry, bool versioned, TilesOptions options, TileMetrics metrics)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.Vary = AcceptEncoding;
        headers.CacheControl = versioned ? options.VersionedCacheControl : options.CacheControl;
        if (entry.IsEmpty)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }
        var encoding = Negotiate(context.Request.Headers.AcceptEncoding);
        var etag = entry.ETag(encoding);
        headers.ETag = etag;
        if (Matches(context.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        var body = entry.Body(encoding);
        headers.ContentType = ContentTypeValue;
        headers.ContentLength = body.Length;
        if (encoding != TileEncoding.Identity)
        {
            headers.ContentEncoding = encoding == TileEncoding.Gzip ? Gzip : Brotli;
        }
        metrics.Served(body.Length, encoding);
        // Straight into Kestrel's output pipe (the Stream over it adds a layer); no token: an aborted connection
        // completes the write without an exception, so a client that goes away costs no exception per tile.
        var write = response.BodyWriter.WriteAsync(body);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    // Header values made once, not per response.
    private static readonly StringValues AcceptEncoding = HeaderNames.AcceptEncoding;
    private static readonly StringValues ContentTypeValue = ContentType;
    private static readonly StringValues Gzip = "gzip";
    private static readonly StringValues Brotli = "br";

    private static async Task<Ok<TileJson>> TileJsonAsync(
        string layers, string? within, HttpRequest request, ITileSource source, TilesOptions options, CancellationToken cancellationToken)
    {
        var set = await source.ResolveAsync(layers, within, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = options.MetadataCacheControl;
        return TypedResults.Ok(TileJson.From(set, layers, within, request.BaseUrl(), options));
    }

    /// <summary>Brotli when the client takes it, else gzip, else the plain bytes; <c>q=0</c> refuses a coding.
    /// Reads the header in place (no splitting): it is on every tile request.</summary>
    internal static TileEncoding Negotiate(StringValues acceptEncoding)
    {
        bool brotli = false, gzip = false;
        foreach (var header in acceptEncoding)
        {
            var rest = (header ?? "").AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var part = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? [] : rest[(comma + 1)..];
                var semicolon = part.IndexOf(';');
                var coding = (semicolon < 0 ? part : part[..semicolon]).Trim();
                if (semicolon >= 0 && IsRefused(part[(semicolon + 1)..]))
                {
                    continue;
                }
                brotli |= coding.Equals("br", StringComparison.OrdinalIgnoreCase);
                gzip |= coding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
            }
        }
        return brotli ? TileEncoding.Brotli : gzip ? TileEncoding.Gzip : TileEncoding.Identity;
    }

    /// <summary>True when the parameters (after the coding's <c>;</c>) hold a <c>q</c> of 0.</summary>
    private static bool IsRefused(ReadOnlySpan<char> parameters)
    {
        while (!parameters.IsEmpty)
        {
            var semicolon = parameters.IndexOf(';');
            var parameter = (semicolon < 0 ? parameters : parameters[..semicolon]).Trim();
            parameters = semicolon < 0 ? [] : parameters[(semicolon + 1)..];
            if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(parameter[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var q) && q <= 0)
            {
                return true;
            }
        }
        return false;
    }

    private static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var range in (header ?? "").AsSpan().Split(','))
            {
                var candidate = (header ?? "").AsSpan()[range].Trim();
                if (candidate is "*" || candidate.SequenceEqual(etag))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
