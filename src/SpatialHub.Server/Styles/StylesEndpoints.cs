using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Styles;

/// <summary><c>GET /styles/{layers}</c>: a complete MapLibre style for one dataset or a comma-separated list, from the
/// files of the styles directory (see tiles/README.md), its sources pointing at each dataset's TileJSON.</summary>
public static class StylesEndpoints
{
    public static IServiceCollection AddStyles(this IServiceCollection services)
    {
        services.AddOptions<StylesOptions>().BindConfiguration(StylesOptions.Section).ValidateOnStart();
        services.AddSingleton(provider => new StyleStore(
            provider.GetRequiredService<IOptions<StylesOptions>>().Value, provider.GetRequiredService<ILogger<StyleStore>>()));
        return services;
    }

    public static IEndpointRouteBuilder MapStyles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/styles", StylesList.ListAsync).WithTags("Styles").WithSummary("Every style document: one per dataset and one of all")
            .Produces<StylesDocument>(contentType: "application/json");
        app.MapGet("/styles/{layers}", StyleAsync).WithTags("Styles")
            .WithSummary("MapLibre style document (version 8) for one dataset or a comma-separated list")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> StyleAsync(string layers, HttpContext context, TileLoader tiles, TilesOptions options, StyleStore styles)
    {
        var set = await tiles.Source.ResolveAsync(layers, null, context.RequestAborted);
        var style = styles.Compose(set.Datasets, context.Request.BaseUrl());
        var etag = $"\"{style.Hash}-{set.VersionToken}\"";
        context.Response.Headers.ETag = etag;
        // Short: a style edit or an import must show soon; the ETag makes revalidation cheap.
        context.Response.Headers.CacheControl = options.MetadataCacheControl;
        if (context.Request.Headers.IfNoneMatch.Contains(etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Text(style.Document.ToJsonString(), "application/json");
    }
}
