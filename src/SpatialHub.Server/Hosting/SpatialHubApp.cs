using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Features;
using SpatialHub.PostGis.Search;
using SpatialHub.Server.Analytics;
using SpatialHub.Server.Catalog;
using SpatialHub.Server.Changes;
using SpatialHub.Server.Features;
using SpatialHub.Server.Import;
using SpatialHub.Server.Sources;
using SpatialHub.Server.MapClient;
using SpatialHub.Server.OpenApi;
using SpatialHub.Server.Projection;
using SpatialHub.Server.Publishing;
using SpatialHub.Server.OgcTiles;
using SpatialHub.Server.Rendering;
using SpatialHub.Server.Tiles;
using SpatialHub.Server.Search;
using SpatialHub.Server.Styles;
using SpatialHub.Server.Quality;

namespace SpatialHub.Server.Hosting;

/// <summary>Composes the web service: services, middleware and one Map call per capability.</summary>
public static class SpatialHubApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = SpatialHubHostDefaults.ContentRoot(args) });
        AddServices(builder.Services);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetSection(SpatialHubOptions.Section)
                .Get<SpatialHubOptions>()?.MaxUploadBytes ?? new SpatialHubOptions().MaxUploadBytes;
            kestrel.AddServerHeader = false; // bytes on every response, and it names the server to scanners
        });

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseAccessLogWhenEnabled();
        // Cached tiles are answered before routing (which UseRoutingWithHead places explicitly after this), and before
        // the error pages, which have nothing to do for them.
        app.UseTileFastPath();
        app.UseRasterFastPath();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRoutingWithHead();
        app.UseMapClient();
        app.UseCors();
        app.UseRateLimiter();
        app.MapOpenApi().WithOpenApiMediaType();
        app.MapHealth();
        app.MapMetrics();
        app.MapCatalog();
        app.MapTransform();
        app.MapImport();
        app.MapQuality();
        app.MapMapClient();
        app.MapTiles();
        app.MapOgcTiles();
        app.MapFeatures();
        app.MapSearch();
        app.MapZoneLabels();
        app.MapStyles();
        app.MapRendering();
        app.MapAnalytics();
        app.MapChanges();
        app.MapPublishing();
        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddresses(app));
        return app;
    }

    private static void AddServices(IServiceCollection services)
    {
        AddValidatedOptions(services);
        services.AddSingleton<ReplicaMetrics>();
        // A graceful stop first drains Kestrel (requests in flight finish, new connections are refused), then the
        // hosted services stop in reverse order, the database last: requests that drain can still use it.
        services.AddOptions<HostOptions>().Configure<IOptions<SpatialHubOptions>>((host, options) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(options.Value.ShutdownTimeoutSeconds));
        services.AddSingleton<SampleImporter>();
        services.AddImport();
        services.AddSourceRefresh();
        services.AddSingleton<DatabaseHost>();
        services.AddHostedService<DatabaseStartup>();
        // Reads go through the router (a current replica, else the primary); writes use DatabaseHost.Database.
        services.AddTransient(provider => new CatalogRepository(provider.GetRequiredService<DatabaseHost>().Reads));
        services.AddTransient(provider => new FeatureQuery(provider.GetRequiredService<DatabaseHost>().Reads,
            provider.GetRequiredService<IOptions<SpatialHubOptions>>().Value.ExpensiveReads.StatementTimeout));
        services.AddTransient(provider => new SearchQuery(provider.GetRequiredService<DatabaseHost>().Reads));
        services.AddTransient(provider => new ZoneLabelsQuery(provider.GetRequiredService<DatabaseHost>().Reads));
        services.AddSingleton(provider => new WithinResolver(() => provider.GetRequiredService<DatabaseHost>().Reads));

        services.AddWriteRateLimit();
        services.AddExpensiveReadBudget();
        services.AddAccessLog();
        services.AddMetricsExport();
        services.AddSpatialHubHealthChecks();
        services.AddAnalytics();
        services.AddChanges();
        services.AddFeatures();
        services.AddPublishing();
        services.AddMapClient();
        services.AddStyles();
        services.AddRendering();
        services.AddSingleton<TileMetrics>();
        services.AddTileSource();
        services.AddSingleton(provider => DatabaseParts.Watcher(() => provider.GetRequiredService<DatabaseHost>().Database));
        services.AddHostedService<CatalogWatchService>();
        services.AddSingleton<QualitySummaryCache>();

        services.AddProblemDetails();
        services.AddExceptionHandler<ErrorResponses>();
        services.AddDatasetIdBinding();
        // OGC API – Features declares the oas30 conformance class and QGIS looks for an OpenAPI 3.0 service-desc.
        services.AddOpenApi(openApi =>
        {
            openApi.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0;
            openApi.AddDocumentTransformer(PublicUrls.NameServers);
            openApi.AddSpatialHubConventions();
        });
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SpatialHubOptions>>((forwarded, options) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            TrustedProxies.Apply(options.Value.TrustedProxies, forwarded);
        });
        // Maps are embedded on other sites: reads are open to every origin (or SpatialHub:Cors:AllowedOrigins); writes
        // are not (no CORS headers for them or their preflights).
        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, ReadOnlyCorsPolicyProvider>());
    }

    /// <summary>The options serve and every CLI verb bind, with the same validation.</summary>
    internal static void AddValidatedOptions(IServiceCollection services)
    {
        services.AddOptions<SpatialHubOptions>()
            .BindConfiguration(SpatialHubOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), "SpatialHub:DataDirectory must not be empty.")
            .Validate(o => o.MaxUploadBytes > 0, "SpatialHub:MaxUploadBytes must be positive.")
            .Validate(o => o.MaxPoolSize is > 0 and <= 1000, "SpatialHub:MaxPoolSize must be between 1 and 1000.")
            .Validate(o => o.WritesPerMinute > 0, "SpatialHub:WritesPerMinute must be positive.")
            .Validate(o => o.FailedKeysPerMinute > 0, "SpatialHub:FailedKeysPerMinute must be positive.")
            .Validate(o => o.Cors.AllowedOrigins.All(CorsSettings.IsValidOrigin),
                "SpatialHub:Cors:AllowedOrigins must be origins such as https://maps.example.org (scheme and host, no path).")
            .Validate(o => o.ShutdownTimeoutSeconds is > 0 and <= 300, "SpatialHub:ShutdownTimeoutSeconds must be between 1 and 300.")
            .Validate(o => o.Transform.MaxBodyBytes > 0 && o.Transform.MaxPoints > 0,
                "SpatialHub:Transform:MaxBodyBytes and SpatialHub:Transform:MaxPoints must be positive.")
            .Validate(o => o.ExpensiveReads.PermitsPerMinute > 0 && o.ExpensiveReads.StatementTimeoutSeconds is > 0 and <= 3600,
                "SpatialHub:ExpensiveReads:PermitsPerMinute must be positive and StatementTimeoutSeconds between 1 and 3600.")
            .Validate(o => PublicUrls.IsValidBaseUrl(o.PublicBaseUrl), "SpatialHub:PublicBaseUrl must be an absolute http(s) URL without query.")
            .Validate(o => o.AllowedHosts.All(h => !string.IsNullOrWhiteSpace(h) && !h.Contains('/', StringComparison.Ordinal)),
                "SpatialHub:AllowedHosts must be host names such as maps.example.org or *.example.org.")
            .Validate(o => o.TrustedProxies.All(TrustedProxies.IsValid),
                "SpatialHub:TrustedProxies must be addresses or CIDR networks (10.0.0.0/8), or \"*\" for any.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SpatialHubOptions>, DatabaseOptionsValidator>();
        services.AddOptions<TilesOptions>()
            .BindConfiguration(TilesOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TilesOptions>, TilesOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TilesOptions>>().Value);
    }

    private static void AnnounceAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            Console.WriteLine($"SpatialHub map: {address}/   catalog: {address}/catalog   API: {address}/openapi/v1.json");
        }
    }
}
