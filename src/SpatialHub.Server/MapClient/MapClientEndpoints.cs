using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.MapClient;

/// <summary>The map client: static files of wwwroot (the pages, their modules and MapLibre GL JS in lib/),
/// <c>/embed</c>, the pages' configuration at <c>/map/config</c>, and security headers on every HTML page.
/// <c>/</c> itself is mapped by the features capability (content negotiation), which serves wwwroot/index.html with
/// the share preview's meta tags (<see cref="SharePreview"/>).</summary>
public static class MapClientEndpoints
{
    public static IServiceCollection AddMapClient(this IServiceCollection services)
    {
        services.AddOptions<MapClientOptions>()
            .BindConfiguration(MapClientOptions.Section)
            .Validate(o => o.BasemapStyleUrl is null || MapClientOptions.IsValidOrigin(o.BasemapStyleUrl),
                "SpatialHub:Map:BasemapStyleUrl must be an absolute http(s) URL.")
            .Validate(o => (o.BasemapOrigins ?? []).All(MapClientOptions.IsValidOrigin), "SpatialHub:Map:BasemapOrigins must be absolute http(s) origins.")
            .Validate(o => MapClientOptions.IsValidFrameAncestors(o.EmbedFrameAncestors),
                "SpatialHub:Map:EmbedFrameAncestors must be a CSP source list (e.g. * or 'self' https://example.org).")
            .Validate(o => o.ResolvedCenter is [>= -180 and <= 180, >= -85 and <= 85],
                "SpatialHub:Map:Center must be [longitude, latitude].")
            .Validate(o => o.Zoom is >= 0 and <= 22, "SpatialHub:Map:Zoom must be between 0 and 22.")
            .Validate(o => o.BasemapTimeoutMs is >= 500 and <= 30_000, "SpatialHub:Map:BasemapTimeoutMs must be between 500 and 30000.")
            .ValidateOnStart();
        services.AddOptions<DotnetClientOptions>().BindConfiguration(DotnetClientOptions.Section);
        services.AddSingleton<PageSecurityHeaders>();
        services.AddSingleton<SharePreview>();
        services.AddSingleton<StaticAssetPages>();
        return services;
    }

    /// <summary>Middleware: security headers on HTML pages, then the static files of the web root that MapStaticAssets
    /// does not know (a file added to a web root after the build).</summary>
    public static WebApplication UseMapClient(this WebApplication app)
    {
        StaticAssetPages.UseBuildOutput(app);
        UseWebRootBesideExecutableWhenMissing(app.Environment);
        var headers = app.Services.GetRequiredService<PageSecurityHeaders>();
        app.Use((context, next) =>
        {
            headers.Apply(context);
            return next(context);
        });
        app.UseStaticFiles();
        return app;
    }

    public static IEndpointRouteBuilder MapMapClient(this IEndpointRouteBuilder app)
    {
        StaticAssetPages.Map(app);
        var group = app.MapGroup("").WithTags("Map client");
        group.MapMethods(PageSecurityHeaders.EmbedPath, [HttpMethods.Get, HttpMethods.Head], Embed).ExcludeFromDescription();
        group.MapGet("/map/config", Config).WithSummary("Configuration of the map pages (basemap, default layers and view)");
        app.MapDotnetClient();
        return app;
    }

    private static async Task<Results<ContentHttpResult, NotFound>> Embed(IWebHostEnvironment environment, StaticAssetPages assets)
    {
        var page = environment.WebRootFileProvider.GetFileInfo("embed.html");
        if (!page.Exists)
        {
            return TypedResults.NotFound();
        }
        using var reader = new StreamReader(page.CreateReadStream());
        return TypedResults.Content(assets.Rewrite(await reader.ReadToEndAsync()), "text/html; charset=utf-8");
    }

    private static Ok<MapClientConfig> Config(IOptionsSnapshot<MapClientOptions> options, TilesOptions tiles) =>
        TypedResults.Ok(MapClientConfig.From(options.Value, tiles));

    /// <summary>`dotnet run` and the tests start in the project folder, where wwwroot is; an installed `spatialhub serve`
    /// may start anywhere, so when there is no web root at all fall back to the copy the build puts beside the
    /// executable. A web root that exists (the default one or a configured one) is always kept.</summary>
    private static void UseWebRootBesideExecutableWhenMissing(IWebHostEnvironment environment)
    {
        if (environment.WebRootPath is { } root && Directory.Exists(root) || environment.WebRootFileProvider.GetFileInfo("embed.html").Exists)
        {
            return;
        }
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(besideExecutable, "embed.html")))
        {
            environment.WebRootPath = besideExecutable;
            environment.WebRootFileProvider = new PhysicalFileProvider(besideExecutable);
        }
    }
}

/// <summary>What the pages read at start from <c>/map/config</c>.</summary>
public sealed record MapClientConfig(
    string? BasemapStyleUrl,
    string? BasemapAttribution,
    string? BasemapLogoUrl,
    string? BasemapLogoText,
    IReadOnlyList<string> DefaultLayers,
    IReadOnlyList<double> Center,
    double Zoom)
{
    /// <summary>Cluster cells per tile side: a cluster's points all lie in the cell holding its position, which is the
    /// extent a click on it zooms to.</summary>
    public int ClusterGrid { get; init; } = TileQueryOptions.DefaultClusterGrid;

    /// <summary>Below this zoom point datasets come as clusters.</summary>
    public int ClusterBelowZoom { get; init; } = TileQueryOptions.DefaultClusterBelowZoom;

    /// <summary>Zooms from <see cref="ClusterBelowZoom"/> up where only dense cells come as clusters (the gradual switch).</summary>
    public int GradualClusterZooms { get; init; }

    /// <summary>Cells per tile side at <see cref="ClusterBelowZoom"/> during the gradual switch, doubled per zoom.</summary>
    public int GradualClusterGrid { get; init; }

    /// <summary>How long the pages wait for the configured basemap style before falling back to the offline one.</summary>
    public int BasemapTimeoutMs { get; init; } = 4000;

    public static MapClientConfig From(MapClientOptions options, TileQueryOptions? tiles = null) => (options.BasemapStyleUrl is null
        ? new MapClientConfig(null, null, null, null, options.ResolvedDefaultLayers, options.ResolvedCenter, options.Zoom)
        : new MapClientConfig(options.BasemapStyleUrl, options.BasemapAttribution, options.BasemapLogoUrl, options.BasemapLogoText,
            options.ResolvedDefaultLayers, options.ResolvedCenter, options.Zoom))
        with
        {
            ClusterGrid = tiles?.ClusterGrid ?? TileQueryOptions.DefaultClusterGrid,
            ClusterBelowZoom = tiles?.ClusterBelowZoom ?? TileQueryOptions.DefaultClusterBelowZoom,
            GradualClusterZooms = (tiles ?? new TileQueryOptions()).GradualClusterZooms,
            GradualClusterGrid = (tiles ?? new TileQueryOptions()).GradualClusterGrid,
            BasemapTimeoutMs = options.BasemapTimeoutMs,
        };
}
