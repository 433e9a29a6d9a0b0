using Microsoft.Extensions.Options;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;

namespace SpatialHub.Server.Tiles;

/// <summary>The <c>SpatialHub:Tiles</c> configuration section: the SQL settings of <see cref="TileQueryOptions"/>
/// (inherited, so the same bound object reaches the tile source) plus caching and HTTP. Every default is a named
/// constant; appsettings.json has a commented sample.</summary>
public sealed class TilesOptions : TileQueryOptions
{
    public const string Section = "SpatialHub:Tiles";
    public const string DefaultCacheControl = "public, max-age=60";
    public const string DefaultVersionedCacheControl = "public, max-age=31536000, immutable";
    public const string DefaultMetadataCacheControl = "public, max-age=60";
    public const int DefaultMemoryCacheMegabytes = 256;
    public const int DefaultTileJsonMaxZoom = 16;

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

    public override IEnumerable<string> Problems()
    {
        foreach (var problem in base.Problems())
        {
            yield return problem;
        }
        if (MemoryCacheMegabytes < 0) yield return "MemoryCacheMegabytes must not be negative.";
        if (TileJsonMaxZoom is < 16 or > TileCoord.MaxZoom) yield return "TileJsonMaxZoom must be between 16 and 22.";
        if (string.IsNullOrWhiteSpace(CacheControl) || string.IsNullOrWhiteSpace(VersionedCacheControl) || string.IsNullOrWhiteSpace(MetadataCacheControl))
            yield return "CacheControl, VersionedCacheControl and MetadataCacheControl must not be empty.";
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
