namespace SpatialHub.PostGis;

/// <summary>What the database driver measures, for the host's metrics exporter: the meter's name and the only tags
/// worth exporting.</summary>
public static class DatabaseMetrics
{
    /// <summary>Npgsql's meter (commands, connection pools; durations in seconds).</summary>
    public const string MeterName = "Npgsql";

    /// <summary>Npgsql tags its pools with their names (the connection string: host, port, database, user, unless the
    /// data source is named) and its commands with server.address and server.port. Only these tags are kept, so that no
    /// connection detail ever reaches /metrics.</summary>
    public static readonly IReadOnlyList<string> ExportedTags = ["db.system.name", "db.client.connection.state", "db.operation.name", "error.type"];
}
