using Npgsql;
using SpatialHub.PostGis;

namespace SpatialHub.Server.Hosting;

/// <summary>
/// <c>GET /health</c>. With one database: 200 when it answers, 503 at once otherwise. With read replicas: 200
/// <c>"ok"</c> when every database answers; 200 <c>"degraded"</c> when the primary is down but a replica answers (reads
/// still work, writes answer 503, so a load balancer must keep sending traffic), or when a replica is down (reads go
/// to the primary); 503 only when nothing answers.
/// </summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync).WithTags("Service").WithSummary("Service and database health (\"degraded\" while a database of several is down)");
        return app;
    }

    /// <summary>The health document with replicas: overall status, the primary's, and each replica's in configuration order.</summary>
    public sealed record HealthReport(string Status, string Primary, IReadOnlyList<string> Replicas);

    private static async Task<IResult> CheckAsync(DatabaseHost database, CancellationToken cancellationToken)
    {
        NpgsqlDataSource primary;
        IReadOnlyList<NpgsqlDataSource> replicas;
        try
        {
            primary = database.DataSource;
            replicas = database.Reads.Replicas;
        }
        catch (DatabaseUnavailableException)
        {
            return Unavailable();
        }
        var probes = replicas.Select(r => AnswersAsync(r, cancellationToken)).Prepend(AnswersAsync(primary, cancellationToken)).ToList();
        var answers = await Task.WhenAll(probes);
        var primaryUp = answers[0];
        var replicaStates = answers.Skip(1).Select(State).ToList();
        if (replicas.Count == 0)
        {
            return primaryUp ? TypedResults.Ok(new { status = "ok", database = "ok" }) : Unavailable();
        }
        if (!answers.Any(a => a))
        {
            return Unavailable();
        }
        var status = answers.All(a => a) ? "ok" : "degraded";
        return TypedResults.Ok(new HealthReport(status, State(primaryUp), replicaStates));
    }

    private static string State(bool up) => up ? "ok" : "down";

    private static IResult Unavailable() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "Database unavailable", detail: "The database does not answer.");

    private static async Task<bool> AnswersAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}
