using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Mapping.Layers;

/// <summary>Features that arrived together: one tile (clip lines and fills to <see cref="Tile"/>, whose data has a
/// buffer) or a whole feature layer (<see cref="Tile"/> null).</summary>
public sealed record FeatureBatch(TileId? Tile, IReadOnlyList<MapFeature> Features);

/// <summary>A map layer: features for a view and the style that draws them.</summary>
public interface IMapLayer
{
    string Name { get; }

    StyleSheet Style { get; }

    string? Attribution { get; }

    Task<IReadOnlyList<FeatureBatch>> FeaturesAsync(Viewport viewport, double margin, CancellationToken cancellationToken);
}
