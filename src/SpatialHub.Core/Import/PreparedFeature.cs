using NetTopologySuite.Geometries;

namespace SpatialHub.Core.Import;

/// <summary>A validated feature, reprojected once at import so that tiles and feature queries never transform.</summary>
/// <param name="FeatureId">1-based position of the row in the source: stable across re-imports of the same file.</param>
/// <param name="Wgs84">EPSG:4326, x = longitude (for OGC API Features and bounds).</param>
/// <param name="WebMercator">EPSG:3857 (for tiles).</param>
public sealed record PreparedFeature(
    long FeatureId, long Line, Geometry Wgs84, Geometry WebMercator, IReadOnlyDictionary<string, object?> Properties);

/// <summary>What the preparer yields per source row: a feature ready to store, or the issue that rejected it.</summary>
public readonly record struct PreparedRow(PreparedFeature? Feature, ImportIssue? Issue);
