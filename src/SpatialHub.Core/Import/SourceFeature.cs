using NetTopologySuite.Geometries;

namespace SpatialHub.Core.Import;

/// <summary>A feature as read from a source file, still in the source CRS.</summary>
/// <param name="Line">Line number (text formats) or 1-based feature index (GeoJSON): where to point the user.</param>
/// <param name="Geometry">The geometry in the source CRS (x = easting or longitude).</param>
/// <param name="Properties">Attribute values: string, double, long, bool, DateOnly or null.</param>
public sealed record SourceFeature(long Line, Geometry Geometry, IReadOnlyDictionary<string, object?> Properties);

/// <summary>What a reader yields for each row: a feature, or the issue that stopped the row from being one.</summary>
public readonly record struct ReadResult(SourceFeature? Feature, ImportIssue? Issue)
{
    public static ReadResult Of(SourceFeature feature) => new(feature, null);
    public static ReadResult Failed(ImportIssue issue) => new(null, issue);
}
