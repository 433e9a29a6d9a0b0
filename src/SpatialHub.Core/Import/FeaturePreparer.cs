using NetTopologySuite.Geometries;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Import;

/// <summary>
/// Turns what a reader yields into features ready to store: reprojected to WGS84 and Web Mercator, checked for
/// finite coordinates inside Hong Kong, and summarised (bounds, geometry type, attribute types) along the way.
/// </summary>
public sealed class FeaturePreparer(string fileName)
{
    private readonly Dictionary<int, (Reprojector ToWgs84, Reprojector ToWebMercator)> _reprojectors = [];
    private readonly GeometryTypeSummary _geometryTypes = new();

    /// <summary>WGS84 bounds of every accepted feature.</summary>
    public Envelope Bounds { get; } = new();

    /// <summary>"Point", "MultiPolygon", ... when all features share one type; "Geometry" when they are mixed.</summary>
    public string GeometryType => _geometryTypes.Name;

    /// <summary>The source CRS of the last feature read (files declare it once).</summary>
    public int? SourceSrid { get; private set; }

    public IEnumerable<PreparedRow> Prepare(IFeatureReader reader)
    {
        long ordinal = 0;
        foreach (var result in reader.Read())
        {
            ordinal++;
            if (result.Issue is { } issue)
            {
                yield return new PreparedRow(null, issue);
                continue;
            }
            yield return Prepare(ordinal, result.Feature!, reader.SourceCrs);
        }
    }

    private PreparedRow Prepare(long ordinal, SourceFeature source, Crs crs)
    {
        if (FirstNulCharacter(source.Properties) is { } field)
        {
            return new PreparedRow(null, new ImportIssue(fileName, source.Line, field, null,
                "the text contains a NUL character (\\u0000), which PostgreSQL cannot store"));
        }
        if (FirstNonFinite(source.Geometry) is { } bad)
        {
            return Rejected(source, $"coordinate is not a finite number ({Format(bad)})");
        }
        var (toWgs84, toWebMercator) = ReprojectorsFor(crs.Srid);
        var wgs84 = toWgs84.Transform(source.Geometry);
        var outside = FirstOutsideHongKong(wgs84);
        if (outside is not null)
        {
            return Rejected(source,
                $"coordinate {Format(outside)} ({crs.Name}) is outside Hong Kong's extent " +
                "(wrong CRS, or easting and northing swapped?)");
        }
        var webMercator = toWebMercator.Transform(wgs84);
        Bounds.ExpandToInclude(wgs84.EnvelopeInternal);
        _geometryTypes.Add(wgs84);
        SourceSrid = crs.Srid;
        return new PreparedRow(new PreparedFeature(ordinal, source.Line, wgs84, webMercator, source.Properties), null);
    }

    private PreparedRow Rejected(SourceFeature source, string reason) =>
        new(null, new ImportIssue(fileName, source.Line, "geometry", null, reason));

    private (Reprojector, Reprojector) ReprojectorsFor(int srid)
    {
        if (!_reprojectors.TryGetValue(srid, out var pair))
        {
            // Web Mercator from the WGS84 result: the datum shift, the costly part, is computed once per point,
            // and WGS84 to Web Mercator is a closed formula that adds no error.
            pair = (Reprojector.Create(srid, 4326), Reprojector.Create(4326, 3857));
            _reprojectors[srid] = pair;
        }
        return pair;
    }

    /// <summary>The first property whose name or text value holds U+0000: PostgreSQL's text and jsonb refuse it, so
    /// the row is refused here with the field named rather than failing the whole import in the database.</summary>
    private static string? FirstNulCharacter(IReadOnlyDictionary<string, object?> properties)
    {
        foreach (var (name, value) in properties)
        {
            if (name.Contains('\0', StringComparison.Ordinal) || (value is string text && text.Contains('\0', StringComparison.Ordinal)))
            {
                return name;
            }
        }
        return null;
    }

    private static Coordinate? FirstNonFinite(Geometry geometry) =>
        geometry.Coordinates.FirstOrDefault(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y));

    private static Coordinate? FirstOutsideHongKong(Geometry wgs84)
    {
        var envelope = wgs84.EnvelopeInternal;
        if (HongKongExtent.ContainsLonLat(envelope.MinX, envelope.MinY) && HongKongExtent.ContainsLonLat(envelope.MaxX, envelope.MaxY))
        {
            return null;
        }
        return wgs84.Coordinates.First(c => !HongKongExtent.ContainsLonLat(c.X, c.Y));
    }

    private static string Format(Coordinate c) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.X} {c.Y}");
}
