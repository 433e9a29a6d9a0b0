using System.Security.Cryptography;
using System.Text;

namespace SpatialHub.PostGis.Embedded;

/// <summary>Where a data directory's cluster files live. As root they go under /var/tmp, because the
/// data directory may sit where the postgres user cannot enter (such as /root, mode 700).</summary>
internal sealed record ClusterLayout(string DataDirectory, string Root)
{
    private const string RootOwnedClusterParent = "/var/tmp/spatialhub";

    public string PgData => Path.Combine(Root, "pgdata");
    public string LogFile => Path.Combine(Root, "postgres.log");
    public string CredentialsFile => Path.Combine(DataDirectory, "cluster.credentials");
    public string SetupLockFile => Path.Combine(DataDirectory, "cluster.lock");
    public string UsersLockFile => Path.Combine(DataDirectory, "cluster.users");
    public string StartedMarker => Path.Combine(DataDirectory, "cluster.started-by-spatialhub");
    public string PortFile => Path.Combine(DataDirectory, "cluster.port");

    /// <summary>Held (flock) by the one process that supervises the cluster; the others wait to take over.</summary>
    public string SupervisorLockFile => Path.Combine(DataDirectory, "cluster.supervisor");

    /// <summary>The settings SpatialHub owns (port, addresses), included from postgresql.conf so that a plain
    /// <c>pg_ctl -D pgdata start</c> by an operator brings the cluster back where SpatialHub expects it.</summary>
    public string OwnSettingsFile => Path.Combine(PgData, OwnSettingsFileName);

    public const string OwnSettingsFileName = "spatialhub.conf";

    public string PostmasterPidFile => Path.Combine(PgData, "postmaster.pid");

    public static ClusterLayout For(string dataDirectory)
    {
        var fullPath = Path.GetFullPath(dataDirectory);
        if (!ProcessRunner.IsRoot)
        {
            return new ClusterLayout(fullPath, Path.Combine(fullPath, "postgres"));
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fullPath)))[..16];
        return new ClusterLayout(fullPath, Path.Combine(RootOwnedClusterParent, hash));
    }
}
