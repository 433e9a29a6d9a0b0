using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SpatialHub.PostGis;

namespace SpatialHub.Server.Hosting;

/// <summary>
/// <c>GET /health</c>, through ASP.NET Core health checks. With one database: 200 when it answers, 503 at once
/// otherwise. With read replicas: 200 <c>"ok"</c> when every database answers; 200 <c>"degraded"</c> when the primary
/// is down but a replica answers (reads still work, writes answer 503, so a load balancer must keep sending traffic),
/// or when a replica is down (reads go to the primary); 503 only when nothing answers.
/// </summary>
public static class HealthEndpoints
{
    private const string StateKey = "state";

    public static IServiceCollection AddSpatialHubHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        }).WithDisplayName("Service and database health (\"degraded\" while a database of several is down)");
        return app;
    }

    /// <summary>The health document with replicas: overall status, the primary's, and each replica's in configuration order.</summary>
    public sealed record HealthReport(string Status, string Primary, IReadOnlyList<string> Replicas)
    {
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<Sources.SourceStatusEntry>? Sources { get; init; }
    }

    private static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        var state = report.Entries.Values.Select(e => e.Data.GetValueOrDefault(StateKey)).OfType<DatabaseHealthState>().FirstOrDefault();
        if (report.Status == HealthStatus.Unhealthy || state is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Database unavailable", detail: "The database does not answer.").ExecuteAsync(context);
        }
        // Stale sources (a failed refresh) are shown, not counted against health: the previous version still serves.
        var sources = context.RequestServices.GetService<Sources.SourceStatus>()?.Current;
        return state.Replicas.Count == 0
            ? (sources is null
                ? context.Response.WriteAsJsonAsync(new { status = "ok", database = "ok" })
                : context.Response.WriteAsJsonAsync(new { status = "ok", database = "ok", sources }))
            : context.Response.WriteAsJsonAsync(new HealthReport(state.AllAnswer ? "ok" : "degraded", State(state.Primary),
                state.Replicas.Select(State).ToList()) { Sources = sources });
    }

    private static string State(bool up) => up ? "ok" : "down";

    /// <summary>Healthy when every database answers, degraded when some do, unhealthy when none does (or the database
    /// is not open yet).</summary>
    private sealed class DatabaseHealthCheck(DatabaseHost database) : IHealthCheck
    {
        private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            PostGis.Replicas.ReadRouter reads;
            try
            {
                reads = database.Reads;
            }
            catch (DatabaseUnavailableException e)
            {
                return HealthCheckResult.Unhealthy(e.Message);
            }
            var state = await DatabaseHealth.CheckAsync(reads, ProbeTimeout, cancellationToken);
            var data = new Dictionary<string, object> { [StateKey] = state };
            return state.AllAnswer ? HealthCheckResult.Healthy(data: data)
                : state.AnyAnswers ? HealthCheckResult.Degraded(data: data)
                : HealthCheckResult.Unhealthy(data: data);
        }
    }
}
