using System.IO.Compression;
using Microsoft.Net.Http.Headers;

namespace SpatialHub.Server.Features;

/// <summary>
/// Item pages are large and repetitive (a 1,000-feature GeoJSON page of Wi-Fi.HK is about 500 KB, about 70 KB
/// gzipped), so they are gzipped for clients that accept it. Streamed as they are written, never buffered whole;
/// the fastest level, because CPU per byte matters more on a streamed page than the last few percent of size.
/// </summary>
internal static class CompressedBody
{
    /// <summary>A gzip stream over the response body when the client accepts gzip (with its headers set), else null:
    /// write to <c>stream ?? response.Body</c>, and dispose the stream to write the gzip trailer.</summary>
    public static GZipStream? Start(HttpContext context)
    {
        var response = context.Response;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptEncoding);
        if (!AcceptsGzip(context.Request.Headers.AcceptEncoding))
        {
            return null;
        }
        response.Headers.ContentEncoding = "gzip";
        return new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
    }

    private static bool AcceptsGzip(Microsoft.Extensions.Primitives.StringValues header) =>
        StringWithQualityHeaderValue.TryParseList(header, out var codings)
        && codings.Any(c => (c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) || c.Value.Equals("*", StringComparison.Ordinal))
                            && (c.Quality ?? 1) > 0);
}
