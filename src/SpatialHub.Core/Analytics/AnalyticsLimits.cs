using System.Globalization;
using NetTopologySuite.Geometries;
using SpatialHub.Core.Catalog;

namespace SpatialHub.Core.Analytics;

/// <summary>The checks on analytics parameters, shared by the API and the CLI.</summary>
public static class AnalyticsLimits
{
    /// <summary>Largest proximity radius: beyond 50 km every pair in Hong Kong is "near", and the count is a cross join.</summary>
    public const double MaxRadiusMetres = 50_000;

    /// <summary>Cell sizes of the density grid, in metres of the HK1980 Grid.</summary>
    public static readonly IReadOnlyList<int> CellSizes = [100, 250, 500, 1000];

    public static double Radius(string parameter, string? text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var radius) || !double.IsFinite(radius)
            || radius <= 0 || radius > MaxRadiusMetres)
        {
            throw new AnalyticsParameterException(parameter,
                $"{parameter} must be a distance in metres, more than 0 and at most {MaxRadiusMetres:0}, not '{DatasetSelector.Shorten(text ?? "")}'.");
        }
        return radius;
    }

    public static int CellSize(string parameter, string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cell) && CellSizes.Contains(cell)
            ? cell
            : throw new AnalyticsParameterException(parameter,
                $"{parameter} must be one of {string.Join(", ", CellSizes)} (metres), not '{DatasetSelector.Shorten(text ?? "")}'.");

    /// <summary>The lowest zoom at which a cell is at least a pixel wide in Hong Kong (about 0.145 km per 256-px tile
    /// pixel at zoom 10): below it a grid tile would be a blur of sub-pixel cells, so none is drawn.</summary>
    public static int MinZoom(int cellSize) => cellSize switch
    {
        <= 100 => 11,
        <= 250 => 10,
        <= 500 => 9,
        _ => 8,
    };

    /// <summary>Zones must be areas.</summary>
    public static void RequirePolygons(string parameter, Dataset zones)
    {
        if (KindOf(zones) != GeometryKind.Polygon)
        {
            throw new AnalyticsParameterException(parameter,
                $"{parameter}: dataset '{zones.Id}' holds {zones.GeometryType} geometries; zones must be polygons.");
        }
    }

    public static GeometryKind KindOf(Dataset dataset) => GeometryTypes.Parse(dataset.GeometryType) switch
    {
        OgcGeometryType.Point or OgcGeometryType.MultiPoint => GeometryKind.Point,
        OgcGeometryType.LineString or OgcGeometryType.MultiLineString => GeometryKind.Line,
        OgcGeometryType.Polygon or OgcGeometryType.MultiPolygon => GeometryKind.Polygon,
        _ => GeometryKind.Mixed,
    };
}

/// <summary>What a dataset's features measure inside a zone: nothing (points), length or area.</summary>
public enum GeometryKind
{
    Point,
    Line,
    Polygon,
    Mixed,
}
