namespace SpatialHub.Server.Analytics;

/// <summary>The <c>SpatialHub:Analytics</c> configuration section.</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "SpatialHub:Analytics";

    /// <summary>Longest an analytics statement may run before PostgreSQL cancels it (answered 503).</summary>
    public int StatementTimeoutSeconds { get; set; } = 30;

    /// <summary>Memory for answers kept per dataset version (an import makes old answers unreachable); 0 disables it.</summary>
    public int CacheMegabytes { get; set; } = 64;

    public TimeSpan StatementTimeout => TimeSpan.FromSeconds(StatementTimeoutSeconds);
}

public static class AnalyticsRegistration
{
    /// <summary>Binds <see cref="AnalyticsOptions"/> (validated at start) and registers the <see cref="AnalyticsService"/>.</summary>
    public static IServiceCollection AddAnalytics(this IServiceCollection services)
    {
        services.AddOptions<AnalyticsOptions>()
            .BindConfiguration(AnalyticsOptions.Section)
            .Validate(o => o.StatementTimeoutSeconds is > 0 and <= 3600, "SpatialHub:Analytics:StatementTimeoutSeconds must be between 1 and 3600.")
            .Validate(o => o.CacheMegabytes >= 0, "SpatialHub:Analytics:CacheMegabytes must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<AnalyticsService>();
        return services;
    }
}
