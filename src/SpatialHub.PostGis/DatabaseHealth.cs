using Npgsql;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis;

/// <summary>Which databases answer right now: the primary and each read replica, in configuration order.</summary>
public sealed record DatabaseHealthState(bool Primary, IReadOnlyList<bool> Replicas)
{
    public bool AllAnswer => Primary && Replicas.All(r => r);
    public bool AnyAnswers => Primary || Replicas.Any(r => r);
}

/// <summary>Pings the databases behind a <see cref="ReadRouter"/>, all at once, each bounded by a timeout so that a
/// database that is down answers "no" at once rather than after a connection timeout.</summary>
public static class DatabaseHealth
{
    public static async Task<DatabaseHealthState> CheckAsync(ReadRouter reads, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(reads.Replicas.Prepend(reads.Primary).Select(d => AnswersAsync(d, timeout, cancellationToken)));
        return new DatabaseHealthState(answers[0], answers[1..]);
    }

    private static async Task<bool> AnswersAsync(NpgsqlDataSource dataSource, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(bounded.Token);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return false;
        }
    }
}
