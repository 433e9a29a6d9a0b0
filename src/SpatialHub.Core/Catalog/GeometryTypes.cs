using NetTopologySuite.Geometries;

namespace SpatialHub.Core.Catalog;

/// <summary>The catalog stores a dataset's geometry type as NTS names it (<see cref="Geometry.GeometryType"/>:
/// "Point", "MultiPolygon", ...) or "Geometry" when mixed; code compares NTS's <see cref="OgcGeometryType"/>, not
/// the text.</summary>
public static class GeometryTypes
{
    /// <summary>The type all features share; null when mixed, empty or unknown.</summary>
    public static OgcGeometryType? Parse(string? name) =>
        Enum.TryParse<OgcGeometryType>(name, ignoreCase: false, out var type) && Enum.IsDefined(type) ? type : null;

    /// <summary>Single points only: multipoints keep their parts together in tiles and analytics.</summary>
    public static bool IsPoint(string? name) => Parse(name) == OgcGeometryType.Point;
}
