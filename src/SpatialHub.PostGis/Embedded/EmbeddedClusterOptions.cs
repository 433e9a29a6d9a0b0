namespace SpatialHub.PostGis.Embedded;

/// <summary>Where and how the private PostgreSQL + PostGIS cluster runs.</summary>
public sealed class EmbeddedClusterOptions
{
    /// <summary>Debian's PostgreSQL 15 server binaries.</summary>
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    /// <summary>Debian's PostgreSQL 15 extension folder, where PostGIS installs its control file.</summary>
    public const string DefaultExtensionDirectory = "/usr/share/postgresql/15/extension";

    /// <summary>The SpatialHub data directory; the cluster lives below it (or beside it when running as root).</summary>
    public required string DataDirectory { get; init; }

    public string BinDirectory { get; init; } = DefaultBinDirectory;

    public string ExtensionDirectory { get; init; } = DefaultExtensionDirectory;

    /// <summary>False trades crash safety for speed (fsync off): for throw-away test clusters only.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>How long to wait for another process that is initialising or starting the same cluster.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
