using System.Globalization;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Features;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Features;

/// <summary>The encodings <c>/collections/{id}/items</c> can answer in (<c>f=</c>).</summary>
public enum ItemsFormat
{
    GeoJson,
    Csv,
}

/// <summary>
/// The validated query of <c>/collections/{id}/items</c>. Everything the client sends is checked here, so the
/// handler and the SQL only ever see typed, in-range values; anything else is a 400 naming the parameter.
/// </summary>
/// <param name="Limit">The page size asked for, already capped at <see cref="MaxLimit"/>; null when not given.</param>
internal sealed record ItemsParameters(
    BoundingBox? Bbox, int? Limit, long Offset, FeatureReference? Within, ItemsFormat Format, bool Download)
{
    /// <summary>Page size when <c>limit</c> is absent (GeoJSON; a CSV export without <c>limit</c> has every feature).</summary>
    public const int DefaultLimit = 100;

    /// <summary>Largest page. A larger <c>limit</c> is served as this many, with a next link (OGC API – Features 1.0, 7.15.3).</summary>
    public const int MaxLimit = 10_000;

    public const long MaxOffset = 1_000_000_000;

    /// <summary>Pages larger than this, like CSV exports and downloads, take a permit of the client's expensive-read budget.</summary>
    public const int ExpensiveLimit = 1_000;

    private const int MaxParameterLength = 200;

    /// <summary>Every query parameter items accepts; others are refused (OGC /req/core/query-param-unknown).</summary>
    public static readonly IReadOnlyList<string> Known = ["bbox", "limit", "offset", "within", "f", "download"];

    public int PageSize => Limit ?? DefaultLimit;

    public FeatureFilter Filter(WithinFilter? within) => new(Bbox, within);

    /// <summary>True for an export (f=csv, download=true) or a page above <see cref="ExpensiveLimit"/>; read before the
    /// query is validated, so a value that is not valid counts as cheap (it gets its 400 from <see cref="Parse"/>).</summary>
    public static bool IsExpensive(IQueryCollection query) =>
        string.Equals(query["f"], "csv", StringComparison.Ordinal)
        || string.Equals(query["download"], "true", StringComparison.Ordinal)
        || (int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > ExpensiveLimit);

    public static ItemsParameters Parse(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                throw Invalid("Unknown query parameter", $"'{Truncate(name)}' is not a parameter of items; use {string.Join(", ", Known)}.");
            }
            if (values.Count > 1)
            {
                throw Invalid($"Invalid {name}", $"'{name}' was given {values.Count} times; give it once.");
            }
            if (values.ToString().Length > MaxParameterLength)
            {
                throw Invalid($"Invalid {name}", $"'{name}' is longer than {MaxParameterLength} characters.");
            }
        }
        return new ItemsParameters(
            ParseBbox(Value(query, "bbox")),
            ParseLimit(Value(query, "limit")),
            ParseOffset(Value(query, "offset")),
            Value(query, "within") is { } within ? FeatureReference.Parse(within) : null,
            ParseFormat(Value(query, "f")),
            ParseBoolean("download", Value(query, "download")));
    }

    /// <summary>CRS84 <c>minLon,minLat,maxLon,maxLat</c> (or the 6-number 3D form, heights ignored): finite numbers,
    /// longitudes within ±180, latitudes within ±90, minimum not above maximum (boxes across the antimeridian are
    /// refused: nothing in Hong Kong needs them).</summary>
    public static BoundingBox? ParseBbox(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var parts = text.Split(',');
        if (parts.Length is not (4 or 6))
        {
            throw Invalid("Invalid bbox", "bbox must be 4 comma-separated numbers: minLon,minLat,maxLon,maxLat (CRS84).");
        }
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                    CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw Invalid("Invalid bbox", $"bbox value '{Truncate(parts[i])}' is not a finite number.");
            }
        }
        var (minLon, minLat, maxLon, maxLat) = parts.Length == 4
            ? (values[0], values[1], values[2], values[3])
            : (values[0], values[1], values[3], values[4]);
        if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90)
        {
            throw Invalid("Invalid bbox", "bbox is outside CRS84: longitudes must be within -180..180 and latitudes within -90..90.");
        }
        if (minLon > maxLon || minLat > maxLat)
        {
            throw Invalid("Invalid bbox", "bbox minimum is above its maximum; the order is minLon,minLat,maxLon,maxLat.");
        }
        return new BoundingBox(minLon, minLat, maxLon, maxLat);
    }

    private static int? ParseLimit(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
        {
            throw Invalid("Invalid limit", $"limit must be a whole number from 1 to {MaxLimit} (larger values are served as {MaxLimit}).");
        }
        return Math.Min(limit, MaxLimit);
    }

    private static long ParseOffset(string? text)
    {
        if (text is null)
        {
            return 0;
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset) || offset > MaxOffset)
        {
            throw Invalid("Invalid offset", $"offset must be a whole number from 0 to {MaxOffset}.");
        }
        return offset;
    }

    private static ItemsFormat ParseFormat(string? text) => text switch
    {
        null or "json" or "geojson" => ItemsFormat.GeoJson,
        "csv" => ItemsFormat.Csv,
        _ => throw Invalid("Invalid f", $"f must be json, geojson or csv, not '{Truncate(text)}'."),
    };

    internal static bool ParseBoolean(string name, string? text) => text switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw Invalid($"Invalid {name}", $"{name} must be true or false."),
    };

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    internal static RequestValidationException Invalid(string title, string message) => new(title, message);

    internal static string Truncate(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
