namespace SpatialHub.PostGis.Tiles;

/// <summary>What shapes the tile SQL. The server binds these from <c>SpatialHub:Tiles</c>; defaults are the named constants.</summary>
public sealed record TileQueryOptions
{
    /// <summary>MVT grid units per tile side (the MVT 2.1 default).</summary>
    public const int Extent = 4096;

    /// <summary>Grid units kept around the tile so that symbols and lines crossing the edge render without seams.</summary>
    public const int Buffer = 64;

    public const int DefaultClusterBelowZoom = 14;
    public const int DefaultClusterGrid = 64;
    public const double DefaultSimplifyPixels = 0.5;
    public const int DefaultMaxTileBytes = 500 * 1024;

    /// <summary>Point datasets are clustered below this zoom; from it up, every point is sent.</summary>
    public int ClusterBelowZoom { get; init; } = DefaultClusterBelowZoom;

    /// <summary>Cluster cells per tile side (64 gives cells of 64 × 64 grid units).</summary>
    public int ClusterGrid { get; init; } = DefaultClusterGrid;

    /// <summary>Per dataset, numeric attributes summed into each cluster under the same name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ClusterSums { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Line and polygon simplification tolerance, in fractions of a pixel (1/256 of a tile side).</summary>
    public double SimplifyPixels { get; init; } = DefaultSimplifyPixels;

    /// <summary>Largest tile, before compression. Larger tiles are rendered again with less detail (see <see cref="TileDetail"/>).</summary>
    public int MaxTileBytes { get; init; } = DefaultMaxTileBytes;
}
