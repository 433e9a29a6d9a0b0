using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Rendering;

/// <summary><c>SpatialHub:Rendering</c>: raster tiles and static maps drawn by SpatialHub.Mapping.</summary>
public sealed class RenderingOptions
{
    public const string Section = "SpatialHub:Rendering";

    /// <summary>Largest static map, width × height × scale², in device pixels (2048² at 1×, 1024² at @2x).</summary>
    public long MaxPixels { get; set; } = 4_194_304;

    /// <summary>Largest width or height of a static map, in CSS pixels.</summary>
    public int MaxSize { get; set; } = 2048;

    /// <summary>Memory for rendered raster tiles (PNG bytes).</summary>
    public int TileCacheMegabytes { get; set; } = 64;

    /// <summary>Memory for static maps: a budget of their own, so arbitrary centres cannot evict tiles.</summary>
    public int StaticCacheMegabytes { get; set; } = 32;

    /// <summary>Extra CSS pixels drawn around a raster tile (then cut off) so labels and symbols near its edges are whole.</summary>
    public int TileBuffer { get; set; } = 64;

    /// <summary>Renders at once; more wait (each holds an image in memory).</summary>
    public int MaxConcurrentRenders { get; set; } = Math.Max(2, Environment.ProcessorCount);
}

internal sealed class RenderingOptionsValidator : IValidateOptions<RenderingOptions>
{
    public ValidateOptionsResult Validate(string? name, RenderingOptions o)
    {
        var errors = new List<string>();
        if (o.MaxPixels is < 1 or > 64L * 1024 * 1024) errors.Add("SpatialHub:Rendering:MaxPixels must be between 1 and 67108864.");
        if (o.MaxSize is < 1 or > 8192) errors.Add("SpatialHub:Rendering:MaxSize must be between 1 and 8192.");
        if (o.TileCacheMegabytes < 0 || o.StaticCacheMegabytes < 0) errors.Add("SpatialHub:Rendering cache sizes must not be negative.");
        if (o.TileBuffer is < 0 or > 256) errors.Add("SpatialHub:Rendering:TileBuffer must be between 0 and 256.");
        if (o.MaxConcurrentRenders < 1) errors.Add("SpatialHub:Rendering:MaxConcurrentRenders must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
