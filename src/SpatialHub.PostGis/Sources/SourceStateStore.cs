using Npgsql;

namespace SpatialHub.PostGis.Sources;

/// <summary>What the refresher last saw of a source.</summary>
public sealed record SourceState(
    string DatasetId, string Source, string? Sha256, string? ETag, DateTimeOffset? LastModified,
    DateTimeOffset? CheckedAt, DateTimeOffset? SucceededAt, DateTimeOffset? FailedAt, string? Error, long? Version)
{
    /// <summary>The last attempt failed: the dataset serves its previous version.</summary>
    public bool IsStale => FailedAt is { } failed && (SucceededAt is not { } succeeded || failed > succeeded);
}

/// <summary>The refresher's record per source, and the advisory lock that lets one replica of several refresh a source.</summary>
public sealed class SourceStateStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "dataset_id, source, sha256, etag, last_modified, checked_at, succeeded_at, failed_at, error, version";

    /// <summary>Takes the source's lock for as long as the returned handle lives; null when another process holds it.
    /// A session lock on a connection of its own: it goes if the process dies, so no refresh is stuck behind a crash.</summary>
    public async Task<IAsyncDisposable?> TryLockAsync(string datasetId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await LockCommandAsync(connection, "pg_try_advisory_lock", datasetId, cancellationToken))
        {
            return new Held(connection, datasetId);
        }
        await connection.DisposeAsync();
        return null;
    }

    private static async Task<bool> LockCommandAsync(NpgsqlConnection connection, string function, string datasetId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(hashtextextended('spatialhub-refresh:' || $1, 0))", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = datasetId });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Unlocks before the connection goes back to the pool: a pooled session would keep the lock.</summary>
    private sealed class Held(NpgsqlConnection connection, string datasetId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await LockCommandAsync(connection, "pg_advisory_unlock", datasetId, CancellationToken.None);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    public async Task<SourceState?> GetAsync(string datasetId, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM spatialhub.source_state WHERE dataset_id = $1", cancellationToken, datasetId)).SingleOrDefault();

    public Task<IReadOnlyList<SourceState>> ListAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM spatialhub.source_state ORDER BY dataset_id", cancellationToken);

    /// <summary>Checked and found unchanged, or imported as <paramref name="version"/> (null when unchanged).</summary>
    public Task RecordSuccessAsync(string datasetId, string source, string? sha256, string? etag, DateTimeOffset? lastModified, long? version, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO spatialhub.source_state (dataset_id, source, sha256, etag, last_modified, checked_at, succeeded_at, version)
            VALUES ($1, $2, $3, $4, $5, now(), now(), $6)
            ON CONFLICT (dataset_id) DO UPDATE SET source = $2, sha256 = coalesce($3, source_state.sha256),
                etag = coalesce($4, source_state.etag), last_modified = coalesce($5, source_state.last_modified),
                checked_at = now(), succeeded_at = now(), version = coalesce($6, source_state.version)
            """, cancellationToken, datasetId, source, (object?)sha256 ?? DBNull.Value, (object?)etag ?? DBNull.Value,
            (object?)lastModified ?? DBNull.Value, (object?)version ?? DBNull.Value);

    public Task RecordFailureAsync(string datasetId, string source, string error, CancellationToken cancellationToken) =>
        ExecuteAsync("""
            INSERT INTO spatialhub.source_state (dataset_id, source, checked_at, failed_at, error) VALUES ($1, $2, now(), now(), $3)
            ON CONFLICT (dataset_id) DO UPDATE SET source = $2, checked_at = now(), failed_at = now(), error = $3
            """, cancellationToken, datasetId, source, error.Length > 2_000 ? error[..2_000] : error);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<SourceState>> QueryAsync(string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new List<SourceState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(new SourceState(reader.GetString(0), reader.GetString(1), Text(2), Text(3), Time(4), Time(5), Time(6), Time(7), Text(8),
                reader.IsDBNull(9) ? null : reader.GetInt64(9)));
        }
        return states;

        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        DateTimeOffset? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
    }
}
