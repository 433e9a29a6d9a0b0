using System.Data;
using System.Globalization;
using Npgsql;

namespace SpatialHub.PostGis.Reads;

/// <summary>
/// Reads that PostgreSQL itself cancels after a time limit: the statement runs in a transaction of its own whose
/// <c>statement_timeout</c> is set locally (so the pooled connection keeps its defaults), and a statement cancelled
/// that way surfaces as <see cref="StatementTimeoutException"/>. The limit covers the whole statement, lock waits and
/// the time its rows take to reach the client included. For expensive anonymous reads: exports, analytics, filters.
/// </summary>
public static class StatementTimeout
{
    /// <summary>Runs <paramref name="sql"/> on a connection of its own, closed with the reader; with no
    /// <paramref name="timeout"/>, as an ordinary command.</summary>
    public static async Task<NpgsqlDataReader> ExecuteReaderAsync(
        NpgsqlDataSource dataSource, string sql, IEnumerable<NpgsqlParameter> parameters, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (timeout is null)
        {
            var plain = dataSource.CreateCommand(sql);
            plain.Parameters.AddRange(parameters.ToArray());
            return await plain.ExecuteReaderAsync(cancellationToken);
        }
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            // BEGIN goes out with the next command; closing the connection (with the reader) rolls the transaction back.
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var limit = new NpgsqlCommand("SELECT set_config('statement_timeout', $1, true)", connection, transaction))
            {
                limit.Parameters.Add(new NpgsqlParameter { Value = ((long)Math.Ceiling(timeout.Value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) });
                await limit.ExecuteNonQueryAsync(cancellationToken);
            }
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddRange(parameters.ToArray());
            return await Guard(() => command.ExecuteReaderAsync(CommandBehavior.CloseConnection, cancellationToken), timeout, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next row, with a cancellation by the statement timeout turned into <see cref="StatementTimeoutException"/>.</summary>
    public static Task<bool> ReadAsync(NpgsqlDataReader reader, TimeSpan? timeout, CancellationToken cancellationToken) =>
        Guard(() => reader.ReadAsync(cancellationToken), timeout, cancellationToken);

    /// <summary>Runs <paramref name="step"/>, turning PostgreSQL's cancellation of the statement (57014, which the
    /// request's own cancellation never raises: Npgsql reports that as OperationCanceledException) into
    /// <see cref="StatementTimeoutException"/>.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> step, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await step();
        }
        catch (PostgresException e) when (timeout is not null && e.SqlState == PostgresErrorCodes.QueryCanceled && !cancellationToken.IsCancellationRequested)
        {
            throw new StatementTimeoutException(timeout.Value, e);
        }
    }
}

/// <summary>PostgreSQL cancelled a statement that ran longer than its statement timeout.</summary>
public sealed class StatementTimeoutException(TimeSpan timeout, Exception inner)
    : DatabaseException($"The query ran longer than {timeout.TotalSeconds:0.###} s and was cancelled.", inner)
{
    public TimeSpan Timeout { get; } = timeout;
}
