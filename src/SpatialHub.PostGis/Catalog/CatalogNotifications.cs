using System.Globalization;
using Npgsql;

namespace SpatialHub.PostGis.Catalog;

/// <summary>Tells every listening SpatialHub process that a dataset changed, as <c>id:version</c> (version 0: deleted).
/// NOTIFY is delivered on commit, so listeners never hear of a version that was rolled back.</summary>
public static class CatalogNotifications
{
    public const string Channel = "spatialhub_catalog";
    public const long Deleted = 0;

    internal static async Task NotifyChangedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string datasetId, long version, CancellationToken cancellationToken)
    {
        await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection, transaction);
        notify.Parameters.Add(new NpgsqlParameter { Value = Channel });
        notify.Parameters.Add(new NpgsqlParameter { Value = string.Create(CultureInfo.InvariantCulture, $"{datasetId}:{version}") });
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads a payload; false for one this version of SpatialHub does not understand.</summary>
    public static bool TryParse(string payload, out string datasetId, out long version)
    {
        var colon = payload.LastIndexOf(':');
        datasetId = colon > 0 ? payload[..colon] : "";
        version = 0;
        return colon > 0 && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
