using System.Text.Json;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Catalog;

/// <summary>Reads and deletes catalog entries. Imports write them (see <c>DatasetImporter</c>). Reads go through the
/// <see cref="ReadRouter"/> (a replica whose catalog is not behind this process's, else the primary); deletes to the primary.
/// Unpublished datasets are left out unless <paramref name="includeUnpublished"/> (for key holders and the operator).</summary>
public sealed class CatalogRepository(ReadRouter reads, bool includeUnpublished = false)
{
    public CatalogRepository(NpgsqlDataSource dataSource, bool includeUnpublished = false) : this(ReadRouter.PrimaryOnly(dataSource), includeUnpublished)
    {
    }

    // A constant chosen by a flag, never user input.
    private string Visible => includeUnpublished ? "true" : "published";

    private const string SelectColumns = """
        SELECT id, title, attribution, source_file, source_srid, geometry_type, version, feature_count, bbox,
               fields::text, imported_at, cluster_pyramid, published, metadata::text, cluster_category
        FROM spatialhub.datasets
        """;

    public Task<IReadOnlyList<Dataset>> ListAsync(CancellationToken cancellationToken = default) =>
        reads.ReadAsync(
            async dataSource =>
            {
                await using var command = dataSource.CreateCommand(SelectColumns + $" WHERE {Visible} ORDER BY id");
                return await ReadAllAsync(command, cancellationToken);
            },
            datasets => reads.CatalogIsCurrent(null, datasets.ToDictionary(d => d.Id, d => d.Version, StringComparer.Ordinal)),
            cancellationToken);

    public async Task<Dataset?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        var found = await reads.ReadAsync(
            async dataSource =>
            {
                await using var command = dataSource.CreateCommand(SelectColumns + $" WHERE id = $1 AND {Visible}");
                command.Parameters.Add(new NpgsqlParameter { Value = id });
                return await ReadAllAsync(command, cancellationToken);
            },
            datasets => reads.CatalogIsCurrent([id], datasets.ToDictionary(d => d.Id, d => d.Version, StringComparer.Ordinal)),
            cancellationToken);
        return found.SingleOrDefault();
    }

    public async Task<Dataset> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await FindAsync(id, cancellationToken) ?? throw new DatasetNotFoundException(id);

    /// <summary>Current versions of the given datasets, in one round trip: what tile caches check per request.</summary>
    public Task<IReadOnlyDictionary<string, long>> VersionsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        reads.ReadAsync(dataSource => ReadVersionsAsync(dataSource, ids, cancellationToken), versions => reads.CatalogIsCurrent(ids, versions), cancellationToken);

    private async Task<IReadOnlyDictionary<string, long>> ReadVersionsAsync(
        NpgsqlDataSource dataSource, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT id, version FROM spatialhub.datasets WHERE id = ANY($1) AND {Visible}");
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions[reader.GetString(0)] = reader.GetInt64(1);
        }
        return versions;
    }

    /// <summary>Removes a dataset and its features in one transaction. False when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await reads.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Older retained versions first: their history rows go with the catalog row (ON DELETE CASCADE).
        await Versions.VersionHistory.DropRetainedAsync(connection, transaction, id, cancellationToken);
        await using var delete = new NpgsqlCommand("DELETE FROM spatialhub.datasets WHERE id = $1 RETURNING version", connection, transaction);
        delete.Parameters.Add(new NpgsqlParameter { Value = id });
        if (await delete.ExecuteScalarAsync(cancellationToken) is not long version)
        {
            return false;
        }
        await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {Dataset.FeatureTableName(version)}, {Tiles.ClusterPyramid.TableName(version)}", connection, transaction);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        await CatalogNotifications.NotifyChangedAsync(connection, transaction, id, CatalogNotifications.Deleted, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<IReadOnlyList<Dataset>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var datasets = new List<Dataset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            datasets.Add(new Dataset(
                Id: reader.GetString(0),
                Title: reader.GetString(1),
                Attribution: reader.IsDBNull(2) ? null : reader.GetString(2),
                SourceFile: reader.IsDBNull(3) ? null : reader.GetString(3),
                SourceSrid: reader.IsDBNull(4) ? null : reader.GetInt32(4),
                GeometryType: reader.GetString(5),
                Version: reader.GetInt64(6),
                FeatureCount: reader.GetInt64(7),
                Bbox: reader.IsDBNull(8) ? null : reader.GetFieldValue<double[]>(8),
                Fields: JsonSerializer.Deserialize<List<DatasetField>>(reader.GetString(9), JsonOptions) ?? [],
                ImportedAt: reader.GetFieldValue<DateTimeOffset>(10),
                Published: reader.GetBoolean(12),
                Metadata: JsonSerializer.Deserialize<SpatialHub.Core.Publishing.DatasetMetadata>(reader.GetString(13), JsonOptions)) { HasClusterPyramid = reader.GetBoolean(11), ClusterCategory = reader.IsDBNull(14) ? null : reader.GetString(14) });
        }
        return datasets;
    }

    public static readonly JsonSerializerOptions JsonOptions = CatalogJsonContext.WebOptions();
}
