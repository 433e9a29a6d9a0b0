using Microsoft.Extensions.Options;
using SpatialHub.Core.Catalog;

namespace SpatialHub.Server.Changes;

/// <summary>The <c>SpatialHub:Versions</c> configuration section: how many versions of each dataset keep their features.</summary>
public sealed class VersionOptions
{
    public const string Section = "SpatialHub:Versions";

    /// <summary>The current version and the ones before it whose features are kept, for change listings (at least 1:
    /// 1 keeps only the current one). Older versions stay in the history without their features.</summary>
    public int Keep { get; set; } = VersionRetention.DefaultKeep;
}

public static class VersionRegistration
{
    /// <summary>Binds <see cref="VersionOptions"/>, validated at start; serve and the CLI's import both read it.</summary>
    public static IServiceCollection AddVersionOptions(this IServiceCollection services)
    {
        services.AddOptions<VersionOptions>()
            .BindConfiguration(VersionOptions.Section)
            .Validate(o => VersionRetention.IsValid(o.Keep), $"SpatialHub:Versions:Keep must be between 1 and {VersionRetention.MaxKeep}.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>The change listing (<c>/api/datasets/{id}/changes</c>) and its cache.</summary>
    public static IServiceCollection AddChanges(this IServiceCollection services) =>
        services.AddSingleton<ChangesService>().AddSingleton<VersionListCache>();

    public static int KeepVersions(this IServiceProvider services) => services.GetRequiredService<IOptions<VersionOptions>>().Value.Keep;
}
