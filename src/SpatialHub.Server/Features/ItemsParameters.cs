using System.Globalization;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Filtering;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Features;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.OpenApi;

namespace SpatialHub.Server.Features;

/// <summary>The encodings <c>/collections/{id}/items</c> can answer in (<c>f=</c>).</summary>
public enum ItemsFormat
{
    GeoJson,
    Csv,
    GeoPackage,
    Shapefile,
    Kml,
}

/// <summary>
/// The validated query of <c>/collections/{id}/items</c>. Everything the client sends is checked here, so the
/// handler and the SQL only ever see typed, in-range values; anything else is a 400 naming the parameter.
/// </summary>
/// <param name="Limit">The page size asked for, already capped at <see cref="MaxLimit"/>; null when not given.</param>
/// <param name="CrsUri">The output CRS (<c>crs</c>, CRS84 by default), echoed in <c>Content-Crs</c>.</param>
internal sealed record ItemsParameters(
    BoundingBox? Bbox, int? Limit, long Offset, FeatureReference? Within, ItemsFormat Format, bool Download,
    DateTimeParameter? DateTime, string CrsUri, FeatureCrs Crs, FeaturePredicate? Predicate = null)
{
    /// <summary>Page size when <c>limit</c> is absent (GeoJSON; a CSV export without <c>limit</c> has every feature).</summary>
    public const int DefaultLimit = 100;

    /// <summary>Largest page. A larger <c>limit</c> is served as this many, with a next link (OGC API – Features 1.0, 7.15.3).</summary>
    public const int MaxLimit = 10_000;

    public const long MaxOffset = 1_000_000_000;

    /// <summary>Pages larger than this, like CSV exports and downloads, take a permit of the client's expensive-read budget.</summary>
    public const int ExpensiveLimit = 1_000;

    private const int MaxParameterLength = 200;

    /// <summary>The parameters as the OpenAPI document lists them: one list, so a new parameter cannot be accepted
    /// without being documented.</summary>
    public static IReadOnlyList<QueryParameterDoc> Documented => DocumentedParameters;

    private static readonly QueryParameterDoc[] DocumentedParameters =
    [
        new("bbox", "minLon,minLat,maxLon,maxLat in CRS84 (or in bbox-crs's axis order); 6 numbers with heights are accepted."),
        new("bbox-crs", $"CRS of bbox: {string.Join(", ", OgcCrs.Supported)}."),
        new("crs", $"CRS of the output coordinates (Content-Crs): {string.Join(", ", OgcCrs.Supported)}."),
        new("datetime", "RFC 3339 instant or interval (start/end, ../end, start/..) on the dataset's time field (SpatialHub:Features:TimeFields); datasets without one keep every feature."),
        new("limit", $"Page size 1..{MaxLimit} (default {DefaultLimit}; larger values are served as {MaxLimit}).", "integer"),
        new("offset", $"Features to skip, 0..{MaxOffset}.", "integer"),
        new("within", "dataset:featureId: keep features intersecting that feature (e.g. districts:5)."),
        new("f", "json or geojson (default), csv, or a file export: gpkg (GeoPackage), shp (zipped Shapefile), kml (WGS84 only). "
            + "Exports and CSV have every selected feature unless limit is given; crs picks WGS84 or the HK1980 Grid (EPSG:2326) for gpkg and shp."),
        new("download", "true: Content-Disposition attachment.", "boolean"),
        new("filter", $"CQL2 filter (comparisons, LIKE, BETWEEN, IN, IS NULL, AND/OR/NOT, S_INTERSECTS); at most {FilterParameters.MaxFilterLength} characters. "
            + "Any queryable (see /queryables) may also be given as name=value."),
        new("filter-lang", $"{FilterParameters.TextEncoding} (default) or {FilterParameters.JsonEncoding}."),
        new("filter-crs", $"CRS of the filter's geometry literals (default CRS84): {string.Join(", ", OgcCrs.Supported)}."),
    ];

    /// <summary>Every query parameter items accepts; others are refused (OGC /req/core/query-param-unknown).</summary>
    public static IReadOnlyList<string> Known { get; } = DocumentedParameters.Select(p => p.Name).ToList();

    /// <summary>The parameters of a single feature.</summary>
    public static IReadOnlyList<QueryParameterDoc> FeatureDocumented { get; } = [.. DocumentedParameters.Where(p => p.Name is "crs" or "f")];

    public int PageSize => Limit ?? DefaultLimit;

    public FeatureFilter Filter(WithinFilter? within) => new(Bbox, within, Predicate);

    /// <summary>True for an export (f=csv, gpkg, shp or kml; download=true) or a page above <see cref="ExpensiveLimit"/>; read before the
    /// query is validated, so a value that is not valid counts as cheap (it gets its 400 from <see cref="Parse"/>).</summary>
    public static bool IsExpensive(IQueryCollection query) =>
        query["f"].ToString() is "csv" or "gpkg" or "shp" or "kml"
        || string.Equals(query["download"], "true", StringComparison.Ordinal)
        || query.ContainsKey("filter")
        || (int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > ExpensiveLimit);

    /// <summary>The query of items on <paramref name="dataset"/>: besides <see cref="Known"/>, each of its fields is a
    /// <c>name=value</c> queryable; <paramref name="timeField"/> is what <c>datetime</c> filters (null: nothing).</summary>
    public static ItemsParameters Parse(IQueryCollection query, Dataset dataset, string? timeField = null)
    {
        var fields = dataset.Fields.Where(f => !Known.Contains(f.Name, StringComparer.Ordinal)).ToDictionary(f => f.Name, StringComparer.Ordinal);
        CheckNames(query, Known, fields.Keys);
        var (crsUri, crs) = OgcCrs.Parse("crs", Value(query, "crs"));
        var (_, bboxCrs) = OgcCrs.Parse("bbox-crs", Value(query, "bbox-crs"));
        var dateTime = DateTimeParameter.Parse(Value(query, "datetime"));
        var conditions = query.Keys.Where(fields.ContainsKey).Select(name => FilterParameters.PropertyEquals(fields[name], Value(query, name)!)).ToList();
        if (dateTime is not null && timeField is not null && FilterParameters.DateTime(dateTime, timeField) is { } during)
        {
            conditions.Add(during);
        }
        var simple = conditions.Count switch { 0 => null, 1 => conditions[0], _ => new AndNode(conditions) };
        if (Value(query, "filter") is null && (Value(query, "filter-lang") ?? Value(query, "filter-crs")) is not null)
        {
            throw Invalid("Invalid filter-lang", "filter-lang and filter-crs describe filter; give filter too.");
        }
        var predicate = FeaturePredicate.And(
            simple is null ? null : FeaturePredicate.Create(simple, dataset),
            Value(query, "filter") is { } filter ? FilterParameters.Parse(filter, Value(query, "filter-lang"), Value(query, "filter-crs"), dataset) : null);
        return new ItemsParameters(
            ParseBbox(Value(query, "bbox"), bboxCrs),
            ParseLimit(Value(query, "limit")),
            ParseOffset(Value(query, "offset")),
            Value(query, "within") is { } within ? FeatureReference.Parse(within) : null,
            ParseFormat(Value(query, "f")),
            ParseBoolean("download", Value(query, "download")),
            dateTime,
            crsUri,
            crs,
            predicate);
    }

    /// <summary>The output CRS of a single feature (<c>crs</c> is its only parameter besides <c>f</c>).</summary>
    public static (string Uri, FeatureCrs Crs) ParseFeature(IQueryCollection query)
    {
        CheckNames(query, [.. FeatureDocumented.Select(p => p.Name)]);
        if (Value(query, "f") is { } f && f is not ("json" or "geojson"))
        {
            throw Invalid("Invalid f", $"f must be json or geojson, not '{Truncate(f)}'.");
        }
        return OgcCrs.Parse("crs", Value(query, "crs"));
    }

    /// <summary>Unknown, repeated or overlong parameters are refused (OGC /req/core/query-param-unknown).</summary>
    /// <param name="queryables">Field names also accepted (name=value); not listed in the answer, which names only the
    /// documented parameters (the OpenAPI test compares the two).</param>
    private static void CheckNames(IQueryCollection query, IReadOnlyList<string> known, IEnumerable<string>? queryables = null)
    {
        var fields = queryables?.ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, values) in query)
        {
            if (!known.Contains(name, StringComparer.Ordinal) && !fields.Contains(name))
            {
                throw Invalid("Unknown query parameter", $"'{Truncate(name)}' is not a parameter here; use {string.Join(", ", known)}."
                    + (queryables is null ? "" : " A queryable of the collection (see its /queryables) may also be given as name=value."));
            }
            if (values.Count > 1)
            {
                throw Invalid($"Invalid {name}", $"'{name}' was given {values.Count} times; give it once.");
            }
            var limit = name == "filter" ? FilterParameters.MaxFilterLength : MaxParameterLength;
            if (values.ToString().Length > limit)
            {
                throw Invalid($"Invalid {name}", $"'{name}' is longer than {limit} characters.");
            }
        }
    }

    /// <summary>A box in <paramref name="crs"/> (CRS84 when null) in its axis order (latitude first for EPSG:4326), or
    /// the 6-number 3D form, heights ignored: finite numbers, minimum not above maximum, and for degrees longitudes
    /// within ±180 and latitudes within ±90 (boxes across the antimeridian are refused: nothing in Hong Kong needs them).</summary>
    public static BoundingBox? ParseBbox(string? text, FeatureCrs? crs = null)
    {
        crs ??= FeatureCrs.Crs84;
        if (text is null)
        {
            return null;
        }
        var parts = text.Split(',');
        if (parts.Length is not (4 or 6))
        {
            throw Invalid("Invalid bbox", "bbox must be 4 comma-separated numbers: minLon,minLat,maxLon,maxLat in CRS84 "
                + "(minLat,minLon,maxLat,maxLon for bbox-crs EPSG:4326, minX,minY,maxX,maxY for a projected bbox-crs).");
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
        if (crs.LatitudeFirst)
        {
            (minLon, minLat, maxLon, maxLat) = (minLat, minLon, maxLat, maxLon);
        }
        if (crs.Srid != 4326)
        {
            return minLon > maxLon || minLat > maxLat
                ? throw Invalid("Invalid bbox", "bbox minimum is above its maximum; the order is minX,minY,maxX,maxY.")
                : OgcCrs.ClampProjected(new BoundingBox(minLon, minLat, maxLon, maxLat, crs.Srid));
        }
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
        "gpkg" => ItemsFormat.GeoPackage,
        "shp" => ItemsFormat.Shapefile,
        "kml" => ItemsFormat.Kml,
        _ => throw Invalid("Invalid f", $"f must be json, geojson, csv, gpkg, shp or kml, not '{Truncate(text)}'."),
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
