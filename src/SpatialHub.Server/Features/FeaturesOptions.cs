namespace SpatialHub.Server.Features;

/// <summary>OGC API – Features settings (<c>SpatialHub:Features</c>).</summary>
public sealed class FeaturesOptions
{
    public const string Section = "SpatialHub:Features";

    /// <summary>The temporal property of a dataset, by dataset id (<c>SpatialHub:Features:TimeFields:{dataset}=field</c>):
    /// a field of type date that <c>datetime</c> filters on. Datasets without one accept <c>datetime</c> and keep
    /// every feature (OGC API – Features 1.0, 7.15.4). A field that is missing or not a date is treated as none.</summary>
    public Dictionary<string, string> TimeFields { get; set; } = new(StringComparer.Ordinal);
}

public static class FeaturesServices
{
    public static IServiceCollection AddFeatures(this IServiceCollection services)
    {
        services.AddOptions<FeaturesOptions>().BindConfiguration(FeaturesOptions.Section)
            .Validate(o => o.TimeFields.All(p => Core.Catalog.DatasetId.IsValid(p.Key) && !string.IsNullOrWhiteSpace(p.Value)),
                "SpatialHub:Features:TimeFields must map dataset ids to field names.")
            .ValidateOnStart();
        services.AddSingleton<TemporalExtents>();
        return services;
    }
}
