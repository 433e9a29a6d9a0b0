using System.Globalization;
using Npgsql;
using SpatialHub.Core.Analytics;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Analytics;

/// <summary>Runs one analytics statement through the <see cref="ReadRouter"/> in a read-only transaction with its own
/// statement timeout, so that one expensive request cannot hold a pooled connection for long. Each statement names
/// the versions' own tables: a replica that has not replayed them answers 42P01 and the primary answers instead.</summary>
internal static class AnalyticsStatement
{
    public static Task<T> RunAsync<T>(
        ReadRouter reads, TimeSpan timeout, string sql, IReadOnlyList<NpgsqlParameter> parameters,
        Func<NpgsqlDataReader, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        reads.ReadAsync(async dataSource =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            // JIT off: these statements are many cheap index probes that the planner costs high, so it compiles them,
            // and on 5,000-feature answers the compilation (45 ms and more measured) costs more than it saves.
            await using (var limit = new NpgsqlCommand(
                "SELECT set_config('statement_timeout', $1, true), set_config('transaction_read_only', 'on', true), set_config('jit', 'off', true)",
                connection, transaction))
            {
                limit.Parameters.Add(new NpgsqlParameter { Value = ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) });
                await limit.ExecuteNonQueryAsync(cancellationToken);
            }
            // The server's statement timeout decides; the client's own (30 s by default) must not cut in first.
            await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = (int)timeout.TotalSeconds + 10 };
            foreach (var parameter in parameters)
            {
                // A read may be tried twice (replica, then primary) and a parameter belongs to one command.
                command.Parameters.Add(parameter.Clone());
            }
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                return await read(reader, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.QueryCanceled && !cancellationToken.IsCancellationRequested)
            {
                throw new AnalyticsTimeoutException(timeout, e);
            }
        }, null, cancellationToken);

    public static NpgsqlParameter Value(object value) => new() { Value = value };

    public static NpgsqlParameter Double(double value) => new() { Value = value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double };

    /// <summary>A feature's numeric attribute as float8, null when absent or not a JSON number (so a cast never fails).</summary>
    public static string NumberOf(string properties, string name) =>
        $"CASE WHEN jsonb_typeof({properties} -> {name}) = 'number' THEN ({properties} ->> {name})::float8 END";
}
