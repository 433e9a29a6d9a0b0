using System.Text.Json;
using Npgsql;
using SpatialHub.Core.Import;
using SpatialHub.Core.Quality;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Import;

namespace SpatialHub.PostGis.Quality;

/// <summary>Quality reports, one per dataset version (spatialhub.dataset_quality): written by the import, read by the API and the catalog.</summary>
public sealed class QualityStore(Replicas.ReadRouter reads)
{
    public QualityStore(NpgsqlDataSource dataSource) : this(Replicas.ReadRouter.PrimaryOnly(dataSource))
    {
    }

    /// <summary>The observer an import streams its rows through, or null when the checks are off.</summary>
    public static QualityObserver? ObserverFor(ImportRequest request) =>
        request.Quality is { Options.Enabled: false } ? null : new QualityObserver(request.Quality?.Options ?? new QualityOptions());

    /// <summary>Runs the checks that need the loaded table and stores the report, in the import's transaction.</summary>
    internal static async Task RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, ImportRequest request, long version,
        QualityObserver? observer, IFeatureReader reader, CancellationToken cancellationToken)
    {
        if (observer is null)
        {
            return;
        }
        var quality = request.Quality ?? new QualityRequest(observer.Options);
        var zones = await ZoneCheck.RunAsync(connection, transaction, table, request.DatasetId, quality, observer.ZoneCandidates(), cancellationToken);
        var report = observer.Report(request.DatasetId, version, reader.Fields, reader.SourceCrs, zones);
        await using var command = new NpgsqlCommand("""
            INSERT INTO spatialhub.dataset_quality (dataset_id, version, summary, report) VALUES ($1, $2, $3, $4::jsonb)
            ON CONFLICT (dataset_id, version) DO UPDATE SET summary = EXCLUDED.summary, report = EXCLUDED.report, checked_at = now()
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = request.DatasetId });
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = report.Summary });
        command.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(report, CatalogRepository.JsonOptions) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The report of the dataset's current version as stored JSON, or null when it has none (checks were off).</summary>
    public Task<string?> FindJsonAsync(string datasetId, CancellationToken cancellationToken = default) =>
        reads.ReadAsync(async dataSource =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT q.report::text FROM spatialhub.dataset_quality q
                JOIN spatialhub.datasets d ON d.id = q.dataset_id AND d.version = q.version
                WHERE d.id = $1
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = datasetId });
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }, null, cancellationToken);

    public async Task<QualityReport?> FindAsync(string datasetId, CancellationToken cancellationToken = default) =>
        await FindJsonAsync(datasetId, cancellationToken) is { } json
            ? JsonSerializer.Deserialize<QualityReport>(json, CatalogRepository.JsonOptions)
            : null;

    /// <summary>The quality lines of these dataset versions (absent: no report). Reads only the reports table, so it
    /// answers while an import holds the catalog row, and from a replica while the primary is away.</summary>
    public async Task<IReadOnlyDictionary<(string Id, long Version), string>> SummariesAsync(
        IReadOnlyCollection<(string Id, long Version)> versions, CancellationToken cancellationToken = default) =>
        versions.Count == 0
            ? new Dictionary<(string, long), string>()
            : await reads.ReadAsync(dataSource => SummariesAsync(dataSource, versions, cancellationToken), null, cancellationToken);

    private static async Task<IReadOnlyDictionary<(string Id, long Version), string>> SummariesAsync(
        NpgsqlDataSource dataSource, IReadOnlyCollection<(string Id, long Version)> versions, CancellationToken cancellationToken)
    {
        var summaries = new Dictionary<(string, long), string>();
        await using var command = dataSource.CreateCommand("""
            SELECT q.dataset_id, q.version, q.summary FROM spatialhub.dataset_quality q
            JOIN unnest($1::text[], $2::bigint[]) AS v (id, version) ON v.id = q.dataset_id AND v.version = q.version
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = versions.Select(v => v.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = versions.Select(v => v.Version).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            summaries[(reader.GetString(0), reader.GetInt64(1))] = reader.GetString(2);
        }
        return summaries;
    }
}
