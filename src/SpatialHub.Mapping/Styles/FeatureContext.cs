namespace SpatialHub.Mapping.Styles;

/// <summary>What a style expression may ask about: the zoom and the feature (properties, geometry type, id).</summary>
public readonly record struct FeatureContext(double Zoom, IReadOnlyDictionary<string, object?> Properties, string GeometryType, object? Id = null)
{
    public static readonly IReadOnlyDictionary<string, object?> NoProperties = new Dictionary<string, object?>();

    public static FeatureContext AtZoom(double zoom) => new(zoom, NoProperties, "Point");
}
