using Microsoft.Extensions.Options;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;

namespace SpatialHub.Server.Tiles;

/// <summary>The <c>SpatialHub:Tiles</c> configuration section. Every default is a named constant here or in
/// <see cref="TileQueryOptions"/>; appsettings.json has a commented sample.</summary>
public sealed class TilesOptions
{
    public const string Section = "SpatialHub:Tiles";
    public const string DefaultCacheControl = "public, max-age=60";
    public const string DefaultVersionedCacheControl = "public, max-age=31536000, immutable";
    public const string DefaultMetadataCacheControl = "public, max-age=60";
    public const int DefaultMemoryCacheMegabytes = 256;
    public const int DefaultTileJsonMaxZoom = 16;

    /// <summary>Most datasets one tile request may combine.</summary>
    public int MaxLayers { get; set; } = TileLayers.DefaultMaxLayers;

    /// <summary>Point datasets are clustered below this zoom; from it up every point is sent.</summary>
    public int ClusterBelowZoom { get; set; } = TileQueryOptions.DefaultClusterBelowZoom;

    /// <summary>Cluster cells per tile side.</summary>
    public int ClusterGrid { get; set; } = TileQueryOptions.DefaultClusterGrid;

    /// <summary>Per dataset id, numeric attributes summed into clusters under the same name.</summary>
    public Dictionary<string, string[]> ClusterSums { get; set; } = [];

    /// <summary>Line and polygon simplification tolerance in pixels (1/256 of a tile side).</summary>
    public double SimplifyPixels { get; set; } = TileQueryOptions.DefaultSimplifyPixels;

    /// <summary>Largest tile in bytes before compression; larger tiles are rendered again with less detail.</summary>
    public int MaxTileBytes { get; set; } = TileQueryOptions.DefaultMaxTileBytes;

    /// <summary>In-memory tile cache size (uncompressed plus compressed bytes). 0 disables it.</summary>
    public int MemoryCacheMegabytes { get; set; } = DefaultMemoryCacheMegabytes;

    /// <summary>Folder for a tile cache on disk shared with <c>spatialhub tiles seed</c>, e.g. <c>tiles/cache</c>. Null: none.</summary>
    public string? DiskCacheDirectory { get; set; }

    /// <summary>Cache-Control for tile URLs without the current version token (<c>?v=</c>).</summary>
    public string CacheControl { get; set; } = DefaultCacheControl;

    /// <summary>Cache-Control when the request's <c>v</c> is the layers' current version token: such URLs never change.</summary>
    public string VersionedCacheControl { get; set; } = DefaultVersionedCacheControl;

    /// <summary>Cache-Control for TileJSON and <c>/catalog</c>: short, since they name the current versions (a CDN or
    /// browser learns of an import within this time; the tiles they point at are immutable).</summary>
    public string MetadataCacheControl { get; set; } = DefaultMetadataCacheControl;

    /// <summary>The <c>maxzoom</c> TileJSON announces (clients over-zoom beyond it). Tiles are served up to z22.</summary>
    public int TileJsonMaxZoom { get; set; } = DefaultTileJsonMaxZoom;

    public TileQueryOptions ToQueryOptions() => new()
    {
        ClusterBelowZoom = ClusterBelowZoom,
        ClusterGrid = ClusterGrid,
        ClusterSums = ClusterSums.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal),
        SimplifyPixels = SimplifyPixels,
        MaxTileBytes = MaxTileBytes,
    };

    /// <summary>Problems with these options, empty when they are valid.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxLayers is < 1 or > 100) yield return "MaxLayers must be between 1 and 100.";
        if (ClusterBelowZoom is < 0 or > TileCoord.MaxZoom + 1) yield return "ClusterBelowZoom must be between 0 and 23.";
        if (ClusterGrid is < 1 or > TileQueryOptions.Extent || (ClusterGrid & (ClusterGrid - 1)) != 0) yield return "ClusterGrid must be a power of two up to 4096.";
        if (SimplifyPixels is < 0 or > 16) yield return "SimplifyPixels must be between 0 and 16.";
        if (MaxTileBytes < 1024) yield return "MaxTileBytes must be at least 1024.";
        if (MemoryCacheMegabytes < 0) yield return "MemoryCacheMegabytes must not be negative.";
        if (TileJsonMaxZoom is < 16 or > TileCoord.MaxZoom) yield return "TileJsonMaxZoom must be between 16 and 22.";
        if (string.IsNullOrWhiteSpace(CacheControl) || string.IsNullOrWhiteSpace(VersionedCacheControl) || string.IsNullOrWhiteSpace(MetadataCacheControl))
            yield return "CacheControl, VersionedCacheControl and MetadataCacheControl must not be empty.";
        foreach (var (dataset, names) in ClusterSums)
        {
            if (names.Any(string.IsNullOrWhiteSpace)) yield return $"ClusterSums:{dataset} has an empty attribute name.";
        }
    }
}

/// <summary>Refuses to start with invalid tile options, naming every problem.</summary>
internal sealed class TilesOptionsValidator : IValidateOptions<TilesOptions>
{
    public ValidateOptionsResult Validate(string? name, TilesOptions options)
    {
        var problems = options.Problems().Select(p => $"{TilesOptions.Section}: {p}").ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
