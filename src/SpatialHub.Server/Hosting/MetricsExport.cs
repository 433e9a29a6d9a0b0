using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using SpatialHub.PostGis;

namespace SpatialHub.Server.Hosting;

/// <summary><c>SpatialHub:Metrics</c>: who may read <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "SpatialHub:Metrics";

    /// <summary>Client networks (<c>10.0.0.0/8</c>, <c>192.0.2.7</c>) allowed to read /metrics; <c>*</c> for anyone.
    /// Empty: the loopback addresses only (a Prometheus or agent on the same host), and in-process clients.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public static bool IsValidNetwork(string entry) => entry == "*" || IPNetwork.TryParse(entry, out _) || IPAddress.TryParse(entry, out _);
}

/// <summary><c>GET /metrics</c> in the Prometheus text format, written by OpenTelemetry's exporter: SpatialHub's
/// meters (every Meter named <c>SpatialHub*</c>), ASP.NET Core's and Kestrel's (http.server.request.duration) and
/// the database driver's (<see cref="DatabaseMetrics"/>: commands, connection pools), with OpenTelemetry's naming (units as suffixes, seconds for durations).</summary>
internal static class MetricsExport
{
    public const string Path = "/metrics";

    /// <summary>Cached tiles are answered in well under a millisecond; ASP.NET Core's default buckets start at 5 ms.</summary>
    private static readonly double[] RequestBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static IServiceCollection AddMetricsExport(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.Section)
            .Validate(o => o.AllowedNetworks.All(MetricsOptions.IsValidNetwork),
                "SpatialHub:Metrics:AllowedNetworks must be addresses or CIDR networks (10.0.0.0/8), or \"*\" for anyone.")
            .ValidateOnStart();
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter("SpatialHub*", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", DatabaseMetrics.MeterName);
            ((IDeferredMeterProviderBuilder)metrics).Configure((provider, builder) =>
                builder.AddView(instrument => View(instrument, provider.GetRequiredService<IMeterFactory>())));
            metrics.AddPrometheusExporter(prometheus =>
            {
                // Every scrape is fresh: benchmarks read counters right before and after a run.
                prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                // target_info would name the host and process; the scope label repeats the metric's prefix.
                prometheus.TargetInfoEnabled = false;
                prometheus.ScopeInfoEnabled = false;
            });
        });
        return services;
    }

    /// <summary>One view for every instrument (several matching views would export it several times). Meters made by
    /// another host's factory in the same process (tests, tools) are left out, as a second service would not see them.</summary>
    private static MetricStreamConfiguration? View(Instrument instrument, IMeterFactory ours) =>
        instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, ours) ? MetricStreamConfiguration.Drop
        : instrument.Meter.Name == DatabaseMetrics.MeterName ? new MetricStreamConfiguration { TagKeys = [.. DatabaseMetrics.ExportedTags] }
        : instrument.Name == "http.server.request.duration" ? new ExplicitBucketHistogramConfiguration { Boundaries = RequestBuckets }
        : null;

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value;
            if (!IsAllowed(options, context.Connection.RemoteIpAddress))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Metrics not available to this client",
                    detail: "Only the networks in SpatialHub:Metrics:AllowedNetworks (default: loopback) may read /metrics.").ExecuteAsync(context);
                return;
            }
            await next(context);
        }), optionsName: null);
        return app;
    }

    /// <summary>A null address is an in-process or Unix-socket client, which is as local as loopback.</summary>
    internal static bool IsAllowed(MetricsOptions options, IPAddress? client)
    {
        if (client is null)
        {
            return true;
        }
        if (client.IsIPv4MappedToIPv6)
        {
            client = client.MapToIPv4();
        }
        if (options.AllowedNetworks.Count == 0)
        {
            return IPAddress.IsLoopback(client);
        }
        return options.AllowedNetworks.Any(entry => entry == "*"
            || (IPNetwork.TryParse(entry, out var network) ? network.Contains(client) : IPAddress.TryParse(entry, out var address) && address.Equals(client)));
    }
}
