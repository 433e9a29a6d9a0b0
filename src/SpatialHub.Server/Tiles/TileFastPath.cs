using System.Collections.Concurrent;
using System.Globalization;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;

namespace SpatialHub.Server.Tiles;

/// <summary>
/// Middleware ahead of routing that answers the commonest request, a tile already in memory whose layers the catalog
/// watcher shows current, with the same response the endpoint would send (<see cref="TilesEndpoints.WriteAsync"/>),
/// without routing, parameter binding or a DI scope. Anything else goes on to the pipeline unchanged: other paths and
/// query parameters, cross-origin requests (CORS adds headers there), conditional requests, malformed tiles (answered
/// 400 there), tiles not in memory, and every request while the watcher is not listening.
/// </summary>
public static class TileFastPath
{
    private const string Prefix = "/tiles/";
    private static readonly Microsoft.Extensions.Primitives.StringValues NoSniff = "nosniff";

    public static IApplicationBuilder UseTileFastPath(this IApplicationBuilder app)
    {
        var tiles = app.ApplicationServices.GetRequiredService<TileLoader>();
        var options = app.ApplicationServices.GetRequiredService<TilesOptions>();
        var metrics = app.ApplicationServices.GetRequiredService<TileMetrics>();
        var names = new LayerNames();
        return app.Use((context, next) =>
        {
            if (!TryMatch(context.Request, out var range, out var tile, out var version))
            {
                return next(context);
            }
            var layers = names.Get(context.Request.Path.Value!.AsSpan(range));
            return tiles.Source.TryGetCurrent(layers, null, out var set) && tiles.TryGetMemory(set, tile, out var entry)
                ? Serve(context, entry, version.SequenceEqual(set.VersionToken), options, metrics)
                : next(context);
        });
    }

    private static Task Serve(HttpContext context, TileEntry entry, bool versioned, TilesOptions options, TileMetrics metrics)
    {
        metrics.Hit("memory");
        // The one header of PageSecurityHeaders (further down the pipeline) that applies to a non-HTML response.
        context.Response.Headers.XContentTypeOptions = NoSniff;
        return TilesEndpoints.WriteAsync(context, entry, versioned, options, metrics);
    }

    /// <summary>GET /tiles/{layers}/{z}/{x}/{y}[.mvt|.pbf] with no query or only <c>?v=</c>, not cross-origin, not
    /// conditional. <paramref name="layers"/> is where the layers are in the path; <paramref name="version"/> the <c>v</c>
    /// (empty when none): both point into the request's own strings, so matching allocates nothing.</summary>
    private static bool TryMatch(HttpRequest request, out Range layers, out TileCoord tile, out ReadOnlySpan<char> version)
    {
        layers = default;
        tile = default;
        version = default;
        var path = request.Path.Value;
        if (path is null || !HttpMethods.IsGet(request.Method) || !path.StartsWith(Prefix, StringComparison.Ordinal)
            || request.Headers.Origin.Count > 0 || request.Headers.IfNoneMatch.Count > 0 || !TryVersion(request.QueryString.Value, out version))
        {
            return false;
        }
        var rest = path.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !TryNumber(ref rest, slash + 1, out var z) || !TryNumber(ref rest, 0, out var x))
        {
            return false;
        }
        var y = rest;
        var dot = y.IndexOf('.');
        if (dot >= 0)
        {
            if (y[(dot + 1)..] is not ("mvt" or "pbf"))
            {
                return false;
            }
            y = y[..dot];
        }
        if (!int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || y.Length > 8
            || z > TileCoord.MaxZoom || x >= TileCoord.TilesPerAxis(z) || row >= TileCoord.TilesPerAxis(z))
        {
            return false;
        }
        layers = new Range(Prefix.Length, Prefix.Length + slash);
        tile = TileCoord.Create(z, x, row);
        return true;

        // Skips `skip` characters, then reads one number up to the next '/'.
        static bool TryNumber(ref ReadOnlySpan<char> rest, int skip, out int value)
        {
            value = 0;
            rest = rest[skip..];
            var end = rest.IndexOf('/');
            if (end <= 0 || end > 8 || !int.TryParse(rest[..end], NumberStyles.None, CultureInfo.InvariantCulture, out value))
            {
                return false;
            }
            rest = rest[(end + 1)..];
            return true;
        }
    }

    /// <summary>No query, or exactly one <c>v</c> parameter of hex digits (what TileJSON hands out).</summary>
    private static bool TryVersion(string? query, out ReadOnlySpan<char> version)
    {
        version = default;
        if (string.IsNullOrEmpty(query))
        {
            return true;
        }
        if (!query.StartsWith("?v=", StringComparison.Ordinal) || query.Length > 64 || !query.AsSpan(3).ContainsOnlyHexDigits())
        {
            return false;
        }
        version = query.AsSpan(3);
        return true;
    }

    private static bool ContainsOnlyHexDigits(this ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>The layers segments seen so far, so that a request names its layers by a string it does not allocate.
    /// Bounded: past <see cref="MaxNames"/> distinct segments (only a client making names up gets there), new ones are
    /// allocated per request instead of remembered.</summary>
    private sealed class LayerNames
    {
        private const int MaxNames = 4096;
        private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

        public string Get(ReadOnlySpan<char> segment)
        {
            if (_names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(segment, out var known))
            {
                return known;
            }
            var name = segment.ToString();
            return _names.Count < MaxNames ? _names.GetOrAdd(name, name) : name;
        }
    }
}
