using Microsoft.Extensions.Options;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Rendering;

/// <summary>
/// Raster tiles <c>/tiles/{layers}/{z}/{x}/{y}.png</c> (256 px; <c>@2x.png</c> 512 px) and static maps
/// <c>/static/{layers}/{lon},{lat},{zoom}/{w}x{h}[@2x].png</c> (or <c>?bbox=</c>). The <c>.png</c> route's last
/// segment is constrained, so it wins over the vector tile route only for PNG names; everything else stays MVT.
/// Same rules as vector tiles: ETag/304, versioned Cache-Control, CORS (global read policy), problem details.
/// </summary>
public static class RenderingEndpoints
{
    public const string PngContentType = "image/png";

    public static IServiceCollection AddRendering(this IServiceCollection services)
    {
        services.AddOptions<RenderingOptions>().BindConfiguration(RenderingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RenderingOptions>, RenderingOptionsValidator>();
        services.AddSingleton(provider => new MapRenderService(
            provider.GetRequiredService<TileLoader>(), provider.GetRequiredService<Styles.StyleStore>(),
            provider.GetRequiredService<IOptions<RenderingOptions>>().Value));
        return services;
    }

    public static IEndpointRouteBuilder MapRendering(this IEndpointRouteBuilder app)
    {
        app.MapGet(@"/tiles/{layers}/{z}/{x}/{y:regex(^[0-9]+(@2x|)\.png$)}", TileAsync).WithTags("Tiles")
            .WithSummary("A raster tile (PNG, 256 px; @2x.png 512 px) drawn with the layers' styles")
            .Produces(StatusCodes.Status200OK, contentType: PngContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        // Arbitrary centres make every static map a render: each one takes a permit of the client's expensive-read budget.
        app.MapGet("/static/{layers}/{view}/{size}", StaticAsync).WithTags("Tiles").RequireExpensiveReadBudget()
            .WithSummary("A static map (PNG) centred at {lon},{lat},{zoom} or fitted to ?bbox=minlon,minlat,maxlon,maxlat")
            .Produces(StatusCodes.Status200OK, contentType: PngContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPrintEndpoint();
        return app;
    }

    private static async Task TileAsync(string layers, string z, string x, string y, string? v, HttpContext context, MapRenderService renders)
    {
        var retina = y.EndsWith("@2x.png", StringComparison.Ordinal);
        var tile = TileCoord.Parse(z, x, y[..y.IndexOfAny(['@', '.'])]);
        var ids = TileLayers.Parse(layers, MaxLayers(context));
        var image = await renders.TileAsync(ids, tile, retina ? 2 : 1, context.RequestAborted);
        var options = context.RequestServices.GetRequiredService<TilesOptions>();
        var versioned = v is not null && string.Equals(v, image.Layers.VersionToken, StringComparison.Ordinal);
        await WriteAsync(context, image, versioned ? options.VersionedCacheControl : options.CacheControl);
    }

    private static async Task StaticAsync(string layers, string view, string size, string? bbox, HttpContext context, MapRenderService renders)
    {
        var viewport = StaticMapRequest.Parse(view, size, bbox, renders.Options);
        var ids = TileLayers.Parse(layers, MaxLayers(context));
        var image = await renders.StaticAsync(ids, viewport, context.RequestAborted);
        await WriteAsync(context, image, context.RequestServices.GetRequiredService<TilesOptions>().CacheControl);
    }

    internal static int MaxLayers(HttpContext context) => context.RequestServices.GetRequiredService<TilesOptions>().MaxLayers;

    /// <summary>The response for an image (or a print's PDF), shared by the endpoints and <see cref="RasterFastPath"/>.</summary>
    internal static async Task WriteAsync(HttpContext context, RenderedImage image, string cacheControl, string contentType = PngContentType)
    {
        var response = context.Response;
        response.Headers.ETag = image.ETag;
        response.Headers.CacheControl = cacheControl;
        if (context.Request.Headers.IfNoneMatch.Any(h => (h ?? "").Split(',', StringSplitOptions.TrimEntries).Any(t => t == image.ETag || t == "*")))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var bytes = await image.Bytes();
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
