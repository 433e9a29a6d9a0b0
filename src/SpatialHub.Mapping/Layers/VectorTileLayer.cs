using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Mapping.Layers;

/// <summary>A layer of Mapbox Vector Tiles (from a TileJSON over HTTP or an in-process provider) drawn by a style.</summary>
public sealed class VectorTileLayer(string name, ITileProvider provider, StyleSheet style) : IMapLayer
{
    public string Name => name;

    public StyleSheet Style => style;

    public ITileProvider Provider => provider;

    public string? Attribution => provider.Attribution;

    /// <summary>The tile zoom for a view: MapLibre's (the integer part), within the provider's range.</summary>
    public int TileZoom(Viewport viewport) => Math.Clamp((int)Math.Floor(viewport.Zoom + 1e-9), provider.MinZoom, provider.MaxZoom);

    public async Task<IReadOnlyList<FeatureBatch>> FeaturesAsync(Viewport viewport, double margin, CancellationToken cancellationToken)
    {
        var tiles = viewport.Tiles(TileZoom(viewport), margin).ToList();
        var loads = tiles.Select(async tile =>
        {
            var bytes = await provider.GetTileAsync(tile, cancellationToken);
            return new FeatureBatch(tile, MvtDecoder.Decode(bytes, tile));
        });
        return await Task.WhenAll(loads);
    }
}
