using SpatialHub.Mapping.Geometry;

namespace SpatialHub.Mapping.Tiles;

/// <summary>Where a vector tile layer gets its Mapbox Vector Tiles: over HTTP (<see cref="HttpTileProvider"/>) or
/// handed over by the host (the server's in-process adapter, a test, a cache of the caller's own).</summary>
public interface ITileProvider
{
    /// <summary>Tiles exist from here up to <see cref="MaxZoom"/>; deeper views draw the MaxZoom tiles enlarged.</summary>
    int MinZoom { get; }

    int MaxZoom { get; }

    /// <summary>Shown on the map, e.g. the TileJSON's attribution; null for none.</summary>
    string? Attribution { get; }

    /// <summary>The uncompressed MVT bytes of a tile; null or empty when the tile has no features.</summary>
    Task<byte[]?> GetTileAsync(TileId tile, CancellationToken cancellationToken);
}
