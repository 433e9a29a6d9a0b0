namespace SpatialHub.Mapping.Tiles;

/// <summary>A feature to draw: its layer (the dataset id for SpatialHub tiles), WGS84 geometry and properties.</summary>
public sealed record MapFeature(
    string SourceLayer, NetTopologySuite.Geometries.Geometry Geometry, IReadOnlyDictionary<string, object?> Properties, object? Id)
{
    /// <summary>"Point", "LineString" or "Polygon", as MapLibre's <c>geometry-type</c> says for single and multi parts.</summary>
    public string GeometryType { get; } = Geometry.OgcGeometryType switch
    {
        NetTopologySuite.Geometries.OgcGeometryType.LineString or NetTopologySuite.Geometries.OgcGeometryType.MultiLineString => "LineString",
        NetTopologySuite.Geometries.OgcGeometryType.Polygon or NetTopologySuite.Geometries.OgcGeometryType.MultiPolygon => "Polygon",
        _ => "Point",
    };
}
