using NetTopologySuite.Features;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Mapping.Layers;

/// <summary>Features held in memory (e.g. read with NetTopologySuite.IO.GeoJSON, WGS84), drawn by the style layers
/// whose <c>source-layer</c> is <paramref name="sourceLayer"/>.</summary>
public sealed class FeatureLayer(string name, string sourceLayer, IEnumerable<IFeature> features, StyleSheet style, string? attribution = null) : IMapLayer
{
    private readonly FeatureBatch _batch = new(null, features.Select(f => new MapFeature(
        sourceLayer, f.Geometry,
        f.Attributes?.GetNames().ToDictionary(n => n, n => StyleExpression.Normalise(f.Attributes[n]), StringComparer.Ordinal)
            ?? new Dictionary<string, object?>(),
        f.Attributes?.GetOptionalValue("id"))).ToList());

    public string Name => name;

    public StyleSheet Style => style;

    public string? Attribution => attribution;

    public Task<IReadOnlyList<FeatureBatch>> FeaturesAsync(Viewport viewport, double margin, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FeatureBatch>>([_batch]);
}
