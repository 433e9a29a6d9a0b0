using Npgsql;
using NpgsqlTypes;
using SpatialHub.Core.Publishing;

namespace SpatialHub.PostGis.Publishing;

/// <summary>The audit trail: one row per write, kept in the database beside what it describes.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO spatialhub.audit (actor, action, dataset_id, version, row_count, file_name, file_sha256, client, outcome, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """);
        Add(command, entry.Actor);
        Add(command, entry.Action);
        Add(command, entry.DatasetId);
        Add(command, entry.Version, NpgsqlDbType.Bigint);
        Add(command, entry.Rows, NpgsqlDbType.Bigint);
        Add(command, entry.FileName);
        Add(command, entry.FileSha256);
        Add(command, entry.Client);
        Add(command, entry.Outcome);
        // Details are messages, kept short: an audit row must not become a copy of a hostile upload.
        Add(command, entry.Detail is { Length: > 1000 } detail ? detail[..1000] + "…" : entry.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest records first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, at, actor, action, dataset_id, version, row_count, file_name, file_sha256, client, outcome, detail
            FROM spatialhub.audit
            WHERE ($1::text IS NULL OR dataset_id = $1) AND ($2::text IS NULL OR actor = $2) AND ($3::text IS NULL OR action = $3)
              AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5)
            ORDER BY at DESC, id DESC LIMIT $6
            """);
        Add(command, filter.DatasetId);
        Add(command, filter.Actor);
        Add(command, filter.Action);
        Add(command, filter.Since, NpgsqlDbType.TimestampTz);
        Add(command, filter.Until, NpgsqlDbType.TimestampTz);
        command.Parameters.Add(new NpgsqlParameter { Value = Math.Clamp(filter.Limit, 1, AuditFilter.MaxLimit) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                Actor: reader.GetString(2), Action: reader.GetString(3), DatasetId: Text(reader, 4),
                Version: reader.IsDBNull(5) ? null : reader.GetInt64(5), Rows: reader.IsDBNull(6) ? null : reader.GetInt64(6),
                FileName: Text(reader, 7), FileSha256: Text(reader, 8), Client: Text(reader, 9), Outcome: reader.GetString(10),
                Detail: Text(reader, 11), Id: reader.GetInt64(0), At: reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return entries;
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static void Add(NpgsqlCommand command, string? value) =>
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });

    private static void Add<T>(NpgsqlCommand command, T? value, NpgsqlDbType type) where T : struct =>
        command.Parameters.Add(new NpgsqlParameter { Value = value is { } v ? v : DBNull.Value, NpgsqlDbType = type });
}
