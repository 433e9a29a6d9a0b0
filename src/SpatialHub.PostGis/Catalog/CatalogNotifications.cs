using Npgsql;

namespace SpatialHub.PostGis.Catalog;

/// <summary>Tells every listening SpatialHub process that a dataset changed. NOTIFY is delivered on commit,
/// so listeners never hear of a version that was rolled back.</summary>
public static class CatalogNotifications
{
    public const string Channel = "spatialhub_catalog";

    internal static async Task NotifyChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string datasetId, CancellationToken cancellationToken)
    {
        await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction);
        notify.Parameters.Add(new NpgsqlParameter { Value = Channel });
        notify.Parameters.Add(new NpgsqlParameter { Value = datasetId });
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }
}
