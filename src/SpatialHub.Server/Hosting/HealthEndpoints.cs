using Npgsql;

namespace SpatialHub.Server.Hosting;

/// <summary><c>GET /health</c>: 200 only when the database answers, 503 at once otherwise.</summary>
public static class HealthEndpoints
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", CheckAsync).WithTags("Service").WithSummary("Service and database health");
        return app;
    }

    private static async Task<IResult> CheckAsync(DatabaseHost database, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await using var command = database.DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return TypedResults.Ok(new { status = "ok", database = "ok" });
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or DatabaseUnavailableException or TimeoutException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Database unavailable",
                detail: "The database does not answer.");
        }
    }
}
