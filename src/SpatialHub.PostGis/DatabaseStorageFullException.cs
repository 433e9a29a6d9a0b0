using Npgsql;

namespace SpatialHub.PostGis;

/// <summary>The database ran out of disk space (SQL state 53100, disk_full) while writing; the transaction was rolled
/// back, so the previous version is untouched. Answered 507 at the HTTP edge.</summary>
public sealed class DatabaseStorageFullException(Exception inner) : DatabaseException(
    "The database ran out of disk space while writing the new version; nothing was changed and the previous version is " +
    "still served. Free space where the database keeps its files (or grow that volume), then import again.", inner)
{
    /// <summary>True when the error, or one it wraps, is PostgreSQL's disk_full.</summary>
    public static bool IsDiskFull(Exception? error) =>
        error is not null && (error is PostgresException { SqlState: PostgresErrorCodes.DiskFull } || IsDiskFull(error.InnerException));
}
