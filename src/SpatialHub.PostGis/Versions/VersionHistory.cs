using System.Text.Json;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Import;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Versions;

/// <summary>The version history of each dataset (<c>spatialhub.dataset_versions</c>) and the retention of old versions'
/// feature tables. An import records its version and drops the tables beyond the retention in its own transaction,
/// so a version is either recorded and kept or not there at all.</summary>
public sealed class VersionHistory(ReadRouter reads)
{
    public VersionHistory(NpgsqlDataSource dataSource) : this(ReadRouter.PrimaryOnly(dataSource))
    {
    }

    // Sizes are read live: pg_total_relation_size is a stat of a few files per table, cheap next to the catalog read.
    private const string SelectColumns = """
        SELECT dataset_id, version, feature_count, geometry_type, imported_at, source_file, imported_by, key_field, retained,
               CASE WHEN retained THEN pg_total_relation_size(to_regclass('spatialhub.features_v' || version)) END, fields::text
        FROM spatialhub.dataset_versions
        """;

    /// <summary>Every dataset's history (or one dataset's), newest version first.</summary>
    public Task<IReadOnlyList<DatasetVersion>> ListAsync(string? datasetId = null, CancellationToken cancellationToken = default) =>
        reads.ReadAsync(async dataSource =>
        {
            await using var command = dataSource.CreateCommand(SelectColumns + " WHERE $1::text IS NULL OR dataset_id = $1 ORDER BY dataset_id, version DESC");
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)datasetId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var versions = new List<DatasetVersion>();
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(new DatasetVersion(
                    reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetBoolean(8), reader.IsDBNull(9) ? null : reader.GetInt64(9),
                    JsonSerializer.Deserialize<List<DatasetField>>(reader.GetString(10), CatalogRepository.JsonOptions) ?? []));
            }
            return (IReadOnlyList<DatasetVersion>)versions;
        }, null, cancellationToken);

    /// <summary>Records the version an import is writing and drops the feature tables of the versions beyond
    /// <paramref name="keep"/> (newest first). Runs in the import's transaction, after the catalog row is switched.</summary>
    internal static async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ImportRequest request, long version, long featureCount,
        string geometryType, IReadOnlyList<DatasetField> fields, int keep, CancellationToken cancellationToken)
    {
        if (request.KeyField is { } key && !fields.Any(f => f.Name == key))
        {
            throw new ImportFailedException(request.FileName, [new ImportIssue(request.FileName, 1, key, null, "the key field is not a field of the file")], 1,
                $"{request.FileName}: the key field '{Shorten(key)}' is not one of its fields ({string.Join(", ", fields.Select(f => f.Name).Take(20))}); nothing was imported.");
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO spatialhub.dataset_versions (version, dataset_id, feature_count, geometry_type, imported_at, source_file, imported_by, key_field, fields)
            VALUES ($1, $2, $3, $4, now(), $5, $6, $7, $8::jsonb)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = version });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.DatasetId });
            insert.Parameters.Add(new NpgsqlParameter { Value = featureCount });
            insert.Parameters.Add(new NpgsqlParameter { Value = geometryType });
            insert.Parameters.Add(new NpgsqlParameter { Value = request.FileName });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.ImportedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.KeyField ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(fields, CatalogRepository.JsonOptions) });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        var dropped = new List<long>();
        await using (var prune = new NpgsqlCommand("""
            UPDATE spatialhub.dataset_versions SET retained = false
            WHERE version IN (SELECT version FROM spatialhub.dataset_versions WHERE dataset_id = $1 AND retained ORDER BY version DESC OFFSET $2)
            RETURNING version
            """, connection, transaction))
        {
            prune.Parameters.Add(new NpgsqlParameter { Value = request.DatasetId });
            prune.Parameters.Add(new NpgsqlParameter { Value = (long)keep });
            await using var reader = await prune.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                dropped.Add(reader.GetInt64(0));
            }
        }
        await DropTablesAsync(connection, transaction, dropped, cancellationToken);
    }

    /// <summary>The retained versions' tables of a dataset being deleted (its history rows go with the catalog row).</summary>
    internal static async Task DropRetainedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string datasetId, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand("SELECT version FROM spatialhub.dataset_versions WHERE dataset_id = $1 AND retained", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = datasetId });
        var versions = new List<long>();
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                versions.Add(reader.GetInt64(0));
            }
        }
        await DropTablesAsync(connection, transaction, versions, cancellationToken);
    }

    private static async Task DropTablesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<long> versions, CancellationToken cancellationToken)
    {
        foreach (var version in versions)
        {
            // Table names come from version numbers only, never from client text.
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {Dataset.FeatureTableName(version)}", connection, transaction);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
