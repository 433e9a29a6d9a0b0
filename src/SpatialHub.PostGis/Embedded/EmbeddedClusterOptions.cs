using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

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

    /// <summary>Restart the server when it dies or is stopped from outside (one process of those sharing the cluster does).</summary>
    public bool Supervise { get; init; } = true;

    /// <summary>How often the supervisor looks at the postmaster.</summary>
    public TimeSpan SupervisionInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts of a server that keeps dying (the wait doubles from one second).</summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the server must stay up before the restart delay starts again from zero.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where restarts are logged; none when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The meter that counts restarts (<c>spatialhub.database.restarts</c>); a process-wide "SpatialHub" meter when null.</summary>
    public Meter? Meter { get; init; }
}
