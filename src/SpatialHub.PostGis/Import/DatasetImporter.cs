using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Publishing;
using SpatialHub.PostGis.Quality;
using SpatialHub.PostGis.Versions;
using SpatialHub.PostGis.Tiles;

namespace SpatialHub.PostGis.Import;

/// <summary>
/// Writes a dataset version in one transaction: a new feature table filled by binary COPY, indexed, then the
/// catalog switched to it and recorded in the version history, the versions beyond <paramref name="keepVersions"/>
/// dropped. Readers see the old version until commit; a process killed at any moment rolls the whole transaction
/// back, leaving the old version and no debris.
/// </summary>
/// <param name="clusterCategories">Per dataset id, the field whose values a point dataset's cluster pyramid counts
/// (<see cref="TileQueryOptions.ClusterCategories"/>).</param>
public sealed class DatasetImporter(
    NpgsqlDataSource dataSource, int keepVersions = VersionRetention.DefaultKeep, IReadOnlyDictionary<string, string>? clusterCategories = null)
{
    private const int ProgressEvery = 5_000;

    public async Task<ImportReport> ImportAsync(
        ImportRequest request, IFeatureReader reader, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await WriteVersionAsync(request, reader, progress, cancellationToken);
        }
        catch (Exception e) when (DatabaseStorageFullException.IsDiskFull(e))
        {
            throw new DatabaseStorageFullException(e);
        }
    }

    private async Task<ImportReport> WriteVersionAsync(
        ImportRequest request, IFeatureReader reader, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        DatasetId.Validate(request.DatasetId);
        var clock = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var version = await NextVersionAsync(connection, transaction, cancellationToken);
        var table = Dataset.FeatureTableName(version);
        await ExecuteAsync(connection, transaction, $"""
            CREATE TABLE {table} (
                feature_id bigint NOT NULL,
                properties jsonb NOT NULL,
                geom geometry(Geometry, 4326) NOT NULL,
                geom_3857 geometry(Geometry, 3857) NOT NULL)
            """, cancellationToken);

        var preparer = new FeaturePreparer(request.FileName);
        var issues = new IssueCollector();
        var quality = QualityStore.ObserverFor(request);
        var rows = preparer.Prepare(reader);
        var counts = await CopyAsync(connection, table, quality?.Observe(rows, reader) ?? rows, issues, request.OnError, progress, clock, cancellationToken);
        issues.ThrowIfRefused(request, counts.Imported);
        await ConvertToTextAsync(connection, transaction, table, reader.TextFieldsWithTypedValues, cancellationToken);

        // Points with finite coordinates (checked while reading) are always valid; only lines and polygons can need repair.
        IReadOnlyList<ImportIssue> repaired = GeometryTypes.Parse(preparer.GeometryType) is OgcGeometryType.Point or OgcGeometryType.MultiPoint
            ? []
            : await RepairInvalidGeometriesAsync(connection, transaction, table, request.FileName, cancellationToken);
        await IndexAsync(connection, transaction, table, cancellationToken);
        var fields = reader.Fields.Select(f => new DatasetField(f.Name, f.Type.ToString().ToLowerInvariant())).ToList();
        var previousVersion = await SwitchCatalogAsync(connection, transaction, request, version, counts.Imported, preparer, fields, cancellationToken);
        var pyramidTime = await ClusterPyramid.ReplaceAsync(connection, transaction, request.DatasetId, version, previousVersion, preparer.GeometryType, fields,
            clusterCategories?.GetValueOrDefault(request.DatasetId), cancellationToken);
        await VersionHistory.RecordAsync(connection, transaction, request, version, counts.Imported, preparer.GeometryType, fields, keepVersions, cancellationToken);
        await QualityStore.RecordAsync(connection, transaction, table, request, version, quality, reader, cancellationToken);
        var publishing = await DatasetPublishing.ApplyAsync(connection, transaction, request.DatasetId, request.Publishing ?? new(), cancellationToken);
        if (request.DryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ImportReport(request.DatasetId, 0, counts.Read, counts.Imported, issues.Total, issues.Listed, repaired,
                preparer.SourceSrid, preparer.GeometryType, clock.Elapsed);
        }
        // An unpublished version is news to no reader: other processes hear of it as a deletion.
        await CatalogNotifications.NotifyChangedAsync(connection, transaction, request.DatasetId,
            publishing is { Published: false } ? CatalogNotifications.Deleted : version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new ImportReport(request.DatasetId, version, counts.Read, counts.Imported, issues.Total, issues.Listed, repaired,
            preparer.SourceSrid, preparer.GeometryType, clock.Elapsed) { ClusterPyramidTime = pyramidTime };
    }

    private readonly record struct Counts(long Read, long Imported);

    /// <summary>Reads, validates and encodes on one thread while this one streams the previous batch to the server.</summary>
    private static async Task<Counts> CopyAsync(
        NpgsqlConnection connection, string table, IEnumerable<PreparedRow> rows, IssueCollector issues, RowErrorPolicy policy,
        IProgress<ImportProgress>? progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var batches = Channel.CreateBounded<FeatureBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var spare = new ConcurrentBag<FeatureBatch>();
        var producer = Task.Run(() => Produce(rows, batches.Writer, spare, issues, policy, progress, clock, cancellationToken), cancellationToken);

        long imported = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table} (feature_id, properties, geom, geom_3857) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                foreach (var (row, buffer) in batch.Rows())
                {
                    await copy.StartRowAsync(cancellationToken);
                    await copy.WriteAsync(row.FeatureId, NpgsqlDbType.Bigint, cancellationToken);
                    // Already in each type's binary input format, so they travel as raw bytes.
                    await copy.WriteAsync(buffer[row.Properties], NpgsqlDbType.Bytea, cancellationToken);
                    if (row.Wgs84Geometry is { } wgs84)
                    {
                        await copy.WriteAsync(wgs84, NpgsqlDbType.Geometry, cancellationToken);
                        await copy.WriteAsync(row.WebMercatorGeometry!, NpgsqlDbType.Geometry, cancellationToken);
                        continue;
                    }
                    await copy.WriteAsync(buffer[row.Wgs84], NpgsqlDbType.Bytea, cancellationToken);
                    await copy.WriteAsync(buffer[row.WebMercator], NpgsqlDbType.Bytea, cancellationToken);
                }
                imported += batch.Count;
                batch.Clear();
                spare.Add(batch);
            }
            var read = await producer;
            if (issues.Total > 0 && policy == RowErrorPolicy.Fail)
            {
                return new Counts(read, 0); // disposing without Complete cancels the COPY
            }
            await copy.CompleteAsync(cancellationToken);
            progress?.Report(new ImportProgress(read, imported, issues.Total, clock.Elapsed));
            return new Counts(read, imported);
        }
    }

    private static long Produce(
        IEnumerable<PreparedRow> rows, ChannelWriter<FeatureBatch> batches, ConcurrentBag<FeatureBatch> spare, IssueCollector issues,
        RowErrorPolicy policy, IProgress<ImportProgress>? progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        long read = 0, encoded = 0;
        var batch = new FeatureBatch();
        try
        {
            foreach (var row in rows)
            {
                read++;
                if (row.Issue is { } issue)
                {
                    // Under the fail policy the first issues are all we report; keep reading to count them, stop writing.
                    issues.Add(issue);
                }
                else if (issues.Total == 0 || policy == RowErrorPolicy.Skip)
                {
                    batch.Add(row.Feature!);
                    encoded++;
                    if (batch.IsFull)
                    {
                        Send(batches, batch, cancellationToken);
                        batch = spare.TryTake(out var reused) ? reused : new FeatureBatch();
                    }
                }
                if (read % ProgressEvery == 0)
                {
                    progress?.Report(new ImportProgress(read, encoded, issues.Total, clock.Elapsed));
                }
            }
            if (batch.Count > 0)
            {
                Send(batches, batch, cancellationToken);
            }
            batches.Complete();
            return read;
        }
        catch (Exception e)
        {
            batches.Complete(e);
            throw;
        }
    }

    private static void Send(ChannelWriter<FeatureBatch> batches, FeatureBatch batch, CancellationToken cancellationToken)
    {
        // A bounded channel: when the database falls behind, reading waits, so memory stays flat.
        if (!batches.TryWrite(batch))
        {
            batches.WriteAsync(batch, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// One type per field per version: types are inferred while streaming, so features written before a later value
    /// widened a field to text carry JSON numbers or booleans. They become the JSON string of their value here, in
    /// the import's transaction, before anything can read them. Nulls and absent keys stay as they are. The field
    /// names travel as parameters, never as SQL text. Most imports have no such field and skip this.
    /// </summary>
    private static async Task ConvertToTextAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        if (fields.Count == 0)
        {
            return;
        }
        // One pass, however many fields: each is a jsonb_set on the value so far, keyed by a parameter. A key a feature
        // lacks is left out (create_missing false), and a value that is not a number or boolean is set to itself.
        var properties = "properties";
        var typed = new List<string>();
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        for (var i = 1; i <= fields.Count; i++)
        {
            var isTyped = $"jsonb_typeof(properties -> ${i}) IN ('number', 'boolean')";
            properties = $"jsonb_set({properties}, ARRAY[${i}], COALESCE(CASE WHEN {isTyped} THEN to_jsonb(properties ->> ${i}) END, properties -> ${i}, 'null'), false)";
            typed.Add(isTyped);
            command.Parameters.Add(new NpgsqlParameter { Value = fields[i - 1], NpgsqlDbType = NpgsqlDbType.Text });
        }
        command.CommandText = $"UPDATE {table} SET properties = {properties} WHERE {string.Join(" OR ", typed)}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<ImportIssue>> RepairInvalidGeometriesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string table, string fileName, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            WITH invalid AS (
                SELECT feature_id, ST_IsValidReason(geom) AS reason FROM {table}
                WHERE NOT ST_IsValid(geom) OR NOT ST_IsValid(geom_3857))
            UPDATE {table} AS f
            SET geom = ST_MakeValid(f.geom), geom_3857 = ST_MakeValid(f.geom_3857)
            FROM invalid WHERE f.feature_id = invalid.feature_id
            RETURNING f.feature_id, invalid.reason
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var repaired = new List<ImportIssue>();
        while (await reader.ReadAsync(cancellationToken))
        {
            repaired.Add(new ImportIssue(fileName, reader.GetInt64(0), "geometry", null,
                $"invalid geometry repaired with ST_MakeValid: {reader.GetString(1)}"));
        }
        return repaired;
    }

    private static async Task IndexAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, $"""
            ALTER TABLE {table} ADD PRIMARY KEY (feature_id);
            CREATE INDEX ON {table} USING gist (geom_3857);
            ANALYZE {table} (feature_id, geom_3857);
            """, cancellationToken);
    }

    private static async Task<long?> SwitchCatalogAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ImportRequest request, long version, long featureCount,
        FeaturePreparer preparer, IReadOnlyList<DatasetField> fields, CancellationToken cancellationToken)
    {
        await using var lockRow = new NpgsqlCommand("SELECT version FROM spatialhub.datasets WHERE id = $1 FOR UPDATE", connection, transaction);
        lockRow.Parameters.Add(new NpgsqlParameter { Value = request.DatasetId });
        var previous = await lockRow.ExecuteScalarAsync(cancellationToken) as long?;

        var bounds = preparer.Bounds;
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO spatialhub.datasets
                (id, title, attribution, source_file, source_srid, geometry_type, version, feature_count, bbox, fields, imported_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, now())
            ON CONFLICT (id) DO UPDATE SET
                title = EXCLUDED.title, attribution = EXCLUDED.attribution, source_file = EXCLUDED.source_file,
                source_srid = EXCLUDED.source_srid, geometry_type = EXCLUDED.geometry_type, version = EXCLUDED.version,
                feature_count = EXCLUDED.feature_count, bbox = EXCLUDED.bbox, fields = EXCLUDED.fields,
                imported_at = EXCLUDED.imported_at
            """, connection, transaction);
        upsert.Parameters.Add(new NpgsqlParameter { Value = request.DatasetId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = request.Title });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.Attribution ?? DBNull.Value });
        upsert.Parameters.Add(new NpgsqlParameter { Value = request.FileName });
        upsert.Parameters.Add(new NpgsqlParameter { Value = (object?)preparer.SourceSrid ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        upsert.Parameters.Add(new NpgsqlParameter { Value = preparer.GeometryType });
        upsert.Parameters.Add(new NpgsqlParameter { Value = version });
        upsert.Parameters.Add(new NpgsqlParameter { Value = featureCount });
        upsert.Parameters.Add(new NpgsqlParameter
        {
            Value = bounds.IsNull ? DBNull.Value : new[] { bounds.MinX, bounds.MinY, bounds.MaxX, bounds.MaxY },
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double,
        });
        upsert.Parameters.Add(new NpgsqlParameter
        {
            Value = System.Text.Json.JsonSerializer.Serialize(fields, CatalogRepository.JsonOptions),
        });
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        return previous;
    }

    private static async Task<long> NextVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT nextval('spatialhub.dataset_version_seq')", connection, transaction);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
