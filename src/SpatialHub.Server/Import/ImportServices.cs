using Microsoft.Extensions.Options;
using SpatialHub.Server.Quality;
using SpatialHub.Server.Sources;

namespace SpatialHub.Server.Import;

public static class ImportServices
{
    /// <summary>The import bounds (<c>SpatialHub:Import</c>, validated at start), the GDAL sandbox and the concurrency gate.</summary>
    public static IServiceCollection AddImport(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImportOptions>, ImportOptionsValidator>();
        services.AddSingleton<ImportGate>();
        services.AddQuality();
        services.AddFeatureSources();
        services.AddSingleton(provider => new GdalSandbox(
            provider.GetRequiredService<IOptions<ImportOptions>>().Value, provider.GetRequiredService<ILogger<GdalSandbox>>()));
        return services;
    }
}
