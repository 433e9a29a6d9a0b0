using SpatialHub.Core.Tiles;

namespace SpatialHub.PostGis.Tiles;

/// <summary>What shapes the tile SQL. The server's <c>TilesOptions</c> derives from this class, so the one object
/// bound from <c>SpatialHub:Tiles</c> is what the SQL reads; defaults are the named constants.</summary>
public class TileQueryOptions
{
    /// <summary>MVT grid units per tile side (the MVT 2.1 default).</summary>
    public const int Extent = 4096;

    /// <summary>Grid units kept around the tile so that symbols and lines crossing the edge render without seams.</summary>
    public const int Buffer = 64;

    public const int DefaultClusterBelowZoom = 14;
    public const int DefaultClusterGrid = 64;
    public const double DefaultSimplifyPixels = 0.5;
    public const int DefaultMaxTileBytes = 500 * 1024;
    public const int DefaultClusterCategoryCount = 5;
    public const int MaxClusterCategoryCount = 32;

    /// <summary>Most datasets one tile request may combine (each is a sub-query of the tile's one statement).</summary>
    public int MaxLayers { get; set; } = TileLayers.DefaultMaxLayers;

    /// <summary>Point datasets are clustered below this zoom; from it up, every point is sent.</summary>
    public int ClusterBelowZoom { get; set; } = DefaultClusterBelowZoom;

    /// <summary>Cluster cells per tile side (64 gives cells of 64 × 64 grid units).</summary>
    public int ClusterGrid { get; set; } = DefaultClusterGrid;

    /// <summary>Zooms from <see cref="ClusterBelowZoom"/> up over which points turn into single points gradually: a
    /// point in a cell of <see cref="GradualClusterGrid"/> (doubled per zoom) holding at most
    /// <see cref="GradualClusterMaxSingles"/> points goes out on its own, a denser cell as one cluster. 0: every point
    /// from <see cref="ClusterBelowZoom"/> up, at once.</summary>
    public int GradualClusterZooms { get; set; } = 1;

    /// <summary>Cells per tile side at <see cref="ClusterBelowZoom"/> for the gradual switch (16: cells of 32 px on a
    /// 512 px tile), doubled each further gradual zoom, so a cell keeps its size on screen while its ground size halves.</summary>
    public int GradualClusterGrid { get; set; } = 16;

    /// <summary>Most points a cell may hold and still show them one by one during the gradual switch.</summary>
    public int GradualClusterMaxSingles { get; set; } = 4;

    /// <summary>Per dataset id, numeric attributes summed into each cluster under the same name.</summary>
    public Dictionary<string, string[]> ClusterSums { get; set; } = [];

    /// <summary>Per dataset id, the field whose values clusters count (e.g. <c>"wifi-hk": "VenueTypeEN"</c>), so that a
    /// style can colour a cluster by its dominant value. The pyramid built at import holds the field configured then.</summary>
    public Dictionary<string, string> ClusterCategories { get; set; } = [];

    /// <summary>How many of a cluster's most frequent categories it names; the rest are counted as one "other".</summary>
    public int ClusterCategoryCount { get; set; } = DefaultClusterCategoryCount;

    /// <summary>Line and polygon simplification tolerance, in fractions of a pixel (1/256 of a tile side).</summary>
    public double SimplifyPixels { get; set; } = DefaultSimplifyPixels;

    /// <summary>Largest tile in bytes, before compression. Larger tiles are rendered again with less detail (see <see cref="TileDetail"/>).</summary>
    public int MaxTileBytes { get; set; } = DefaultMaxTileBytes;

    /// <summary>Problems with these options, empty when they are valid.</summary>
    public virtual IEnumerable<string> Problems()
    {
        if (MaxLayers is < 1 or > 100) yield return "MaxLayers must be between 1 and 100.";
        if (ClusterBelowZoom is < 0 or > TileCoord.MaxZoom + 1) yield return "ClusterBelowZoom must be between 0 and 23.";
        if (ClusterGrid is < 1 or > Extent || (ClusterGrid & (ClusterGrid - 1)) != 0) yield return "ClusterGrid must be a power of two up to 4096.";
        if (GradualClusterZooms is < 0 or > 8) yield return "GradualClusterZooms must be between 0 and 8.";
        if (GradualClusterGrid is < 1 || GradualClusterGrid << GradualClusterZooms > Extent || (GradualClusterGrid & (GradualClusterGrid - 1)) != 0)
            yield return "GradualClusterGrid must be a power of two, and doubled over GradualClusterZooms at most 4096.";
        if (GradualClusterMaxSingles < 1) yield return "GradualClusterMaxSingles must be at least 1.";
        if (SimplifyPixels is < 0 or > 16) yield return "SimplifyPixels must be between 0 and 16.";
        if (MaxTileBytes < 1024) yield return "MaxTileBytes must be at least 1024.";
        foreach (var (dataset, names) in ClusterSums)
        {
            if (names.Any(string.IsNullOrWhiteSpace)) yield return $"ClusterSums:{dataset} has an empty attribute name.";
        }
        foreach (var (dataset, field) in ClusterCategories)
        {
            if (string.IsNullOrWhiteSpace(field)) yield return $"ClusterCategories:{dataset} has an empty field name.";
        }
        if (ClusterCategoryCount is < 1 or > MaxClusterCategoryCount) yield return $"ClusterCategoryCount must be between 1 and {MaxClusterCategoryCount}.";
    }
}
