using SpatialHub.Core.Tiles;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Tiles;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Rendering;

/// <summary>The renderer's tiles straight from the server's own tile code (cache, coalescing, render), no HTTP round
/// trip. One layer set, resolved once, so every tile of an image is of the same dataset versions.</summary>
public sealed class ServerTileProvider(TileLoader tiles, LayerSet layers) : ITileProvider
{
    public int MinZoom => 0;

    /// <summary>The server renders every zoom it accepts, so deep views get exact tiles rather than enlarged ones.</summary>
    public int MaxZoom => TileCoord.MaxZoom;

    public string? Attribution => string.Join(" · ", layers.Datasets.Select(d => d.Attribution).OfType<string>().Distinct()) is { Length: > 0 } a ? a : null;

    public async Task<byte[]?> GetTileAsync(TileId tile, CancellationToken cancellationToken)
    {
        var entry = await tiles.GetAsync(layers, TileCoord.Create(tile.Z, tile.X, tile.Y), cancellationToken);
        return entry.IsEmpty ? null : entry.Bytes;
    }
}
