using System.Text.Json;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Catalog;

namespace SpatialHub.PostGis.Publishing;

/// <summary>What a publisher edits besides the features: the metadata, the title and attribution, and the published
/// flag. An unpublished dataset is announced to every process as deleted, so that tile caches and the catalog
/// watcher forget it at once; publishing it again announces its version.</summary>
public sealed class DatasetPublishing(NpgsqlDataSource dataSource)
{
    /// <summary>A change to a dataset's description; null members are left as they are.</summary>
    public sealed record Edit(DatasetMetadata? Metadata = null, bool? Published = null, string? Title = null, string? Attribution = null);

    /// <summary>Applies the edit and returns the dataset as it is now (published or not).</summary>
    public async Task<Dataset> EditAsync(string id, Edit edit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (version, published) = await ApplyAsync(connection, transaction, id, edit, cancellationToken) ?? throw new DatasetNotFoundException(id);
        await CatalogNotifications.NotifyChangedAsync(connection, transaction, id, published ? version : CatalogNotifications.Deleted, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await new CatalogRepository(dataSource, includeUnpublished: true).GetAsync(id, cancellationToken);
    }

    /// <summary>Applies the edit inside the caller's transaction (an import's, so that a failed import changes
    /// nothing). Returns the version and the resulting flag, or null when the dataset does not exist.</summary>
    public static async Task<(long Version, bool Published)?> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string id, Edit edit, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(
            "SELECT version, published, metadata::text FROM spatialhub.datasets WHERE id = $1 FOR UPDATE", connection, transaction);
        read.Parameters.Add(new NpgsqlParameter { Value = id });
        long version;
        bool published;
        DatasetMetadata metadata;
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }
            version = reader.GetInt64(0);
            published = edit.Published ?? reader.GetBoolean(1);
            metadata = JsonSerializer.Deserialize<DatasetMetadata>(reader.GetString(2), CatalogRepository.JsonOptions) ?? new DatasetMetadata();
        }
        if (edit.Metadata is { } given)
        {
            metadata = metadata.With(given.Validate()).Normalised();
        }
        await using var update = new NpgsqlCommand("""
            UPDATE spatialhub.datasets SET published = $2, metadata = $3::jsonb,
                title = COALESCE($4, title), attribution = CASE WHEN $5::text IS NULL THEN attribution ELSE NULLIF($5, '') END
            WHERE id = $1
            """, connection, transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = id });
        update.Parameters.Add(new NpgsqlParameter { Value = published });
        update.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(metadata, MetadataJson) });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)NullIfBlank(edit.Title) ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        update.Parameters.Add(new NpgsqlParameter { Value = (object?)edit.Attribution ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await update.ExecuteNonQueryAsync(cancellationToken);
        return (version, published);
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static readonly JsonSerializerOptions MetadataJson = new(CatalogRepository.JsonOptions)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
