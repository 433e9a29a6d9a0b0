using System.Net;
using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Sources;

public static class SourcesServices
{
    /// <summary><c>SpatialHub:Sources</c> (validated at start) and the downloader the CLI and the refresher use.</summary>
    public static IServiceCollection AddFeatureSources(this IServiceCollection services)
    {
        services.AddOptions<SourcesOptions>().BindConfiguration(SourcesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>();
        services.AddHttpClient<PageFetcher>(client =>
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd("SpatialHub (+https://github.com/spatialhub)");
                // Each request carries its own timeout (SourcesOptions.RequestTimeout).
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            // Redirects are followed by PageFetcher, which checks each target against the allowed hosts.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.All });
        services.AddTransient<FeatureServiceDownloader>();
        return services;
    }

    /// <summary>The refresher of <c>SpatialHub:Sources:Refresh</c> (serve only) and the status /catalog and /health show.</summary>
    public static IServiceCollection AddSourceRefresh(this IServiceCollection services)
    {
        services.AddSingleton<SourceStatus>();
        services.AddSingleton<SourceRefresher>();
        services.AddHostedService(provider => provider.GetRequiredService<SourceRefresher>());
        return services;
    }
}
