using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace SpatialHub.PostGis.Embedded;

/// <summary>
/// A private PostgreSQL 15 + PostGIS cluster in the SpatialHub data directory: initialised on first use,
/// started on a free loopback port when not running, shared by every SpatialHub process that points at the
/// same data directory, and stopped by the last of them to leave if a SpatialHub process started it.
/// While in use it is supervised: one of the processes sharing it restarts it when it dies (see <see cref="ClusterSupervisor"/>).
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    private const string DatabaseName = "spatialhub";
    private const string UserName = "spatialhub";

    private readonly EmbeddedClusterOptions _options;
    private readonly ClusterLayout _layout;
    private FileStream? _usersLock;
    private ClusterSupervisor? _supervisor;

    private EmbeddedCluster(EmbeddedClusterOptions options, ClusterLayout layout, string connectionString)
    {
        _options = options;
        _layout = layout;
        ConnectionString = connectionString;
    }

    /// <summary>Connection string for the <c>spatialhub</c> database on loopback, with a generated password.</summary>
    public string ConnectionString { get; }

    /// <summary>Makes sure the cluster exists and runs, then registers this process as one of its users.</summary>
    public static async Task<EmbeddedCluster> StartAsync(EmbeddedClusterOptions options, CancellationToken cancellationToken = default)
    {
        CheckBinaries(options);
        Directory.CreateDirectory(options.DataDirectory);
        var layout = ClusterLayout.For(options.DataDirectory);

        await using var setupLock = await AcquireExclusiveAsync(layout.SetupLockFile, options.LockTimeout, cancellationToken);
        var password = await EnsureInitialisedAsync(options, layout, cancellationToken);
        var port = await EnsureRunningAsync(options, layout, cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = UserName,
            Password = password,
            Database = DatabaseName,
        }.ConnectionString;
        await EnsureDatabaseAsync(connectionString, cancellationToken);

        var cluster = new EmbeddedCluster(options, layout, connectionString)
        {
            _usersLock = new FileStream(layout.UsersLockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite),
            _supervisor = options.Supervise ? ClusterSupervisor.Start(options, layout) : null,
        };
        return cluster;
    }

    /// <summary>Leaves the cluster; stops it when this was its last user and SpatialHub had started it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopSupervisingAsync();
        if (_usersLock is null)
        {
            return;
        }
        await _usersLock.DisposeAsync();
        _usersLock = null;
        await using var setupLock = await AcquireExclusiveAsync(_layout.SetupLockFile, _options.LockTimeout, CancellationToken.None);
        if (!File.Exists(_layout.StartedMarker) || !TryOpenExclusive(_layout.UsersLockFile, out var lastUser))
        {
            return;
        }
        await using (lastUser)
        {
            await StopAsync(_options, _layout);
            File.Delete(_layout.StartedMarker);
        }
    }

    /// <summary>Raised when a new server process runs in place of the one this process connected to.</summary>
    public event Action? ServerReplaced
    {
        add { if (_supervisor is not null) { _supervisor.ServerReplaced += value; } }
        remove { if (_supervisor is not null) { _supervisor.ServerReplaced -= value; } }
    }

    /// <summary>True while this process is the one that restarts the server when it dies.</summary>
    internal bool IsSupervising => _supervisor?.IsSupervising ?? false;

    /// <summary>Stops the server without leaving it, as an outage would; <see cref="StartAsync"/> brings it back.</summary>
    internal Task StopServerAsync() => StopAsync(_options, _layout, "immediate");

    /// <summary>Stops the cluster and deletes its files and the data directory: for throw-away clusters.</summary>
    public async Task DestroyAsync()
    {
        await StopSupervisingAsync();
        if (_usersLock is not null)
        {
            await _usersLock.DisposeAsync();
            _usersLock = null;
        }
        await DestroyAsync(_options);
    }

    private async Task StopSupervisingAsync()
    {
        // Taken atomically: the host's stop and a second dispose can race here, and only one of them may stop it.
        if (Interlocked.Exchange(ref _supervisor, null) is { } supervisor)
        {
            await supervisor.DisposeAsync();
        }
    }

    /// <summary>Starts the server again after it died, on the port the other processes are connected to; false when
    /// it was running (another process restarted it first). Serialised with start-up and shut-down by the setup lock.</summary>
    internal static async Task<bool> RestartAsync(EmbeddedClusterOptions options, ClusterLayout layout, CancellationToken cancellationToken)
    {
        await using var setupLock = await AcquireExclusiveAsync(layout.SetupLockFile, options.LockTimeout, cancellationToken);
        if (Postmaster.IsRunning(layout))
        {
            return false;
        }
        await EnsureRunningAsync(options, layout, cancellationToken, keepPort: true);
        return true;
    }

    /// <summary>Where the cluster of <paramref name="dataDirectory"/> keeps its files (inside it, or under /var/tmp as
    /// root), so that scripts need not restate the rule.</summary>
    public static string DirectoryFor(string dataDirectory) => ClusterLayout.For(dataDirectory).Root;

    /// <summary>Stops whatever cluster belongs to the data directory and deletes it, whether or not it runs.</summary>
    public static async Task DestroyAsync(EmbeddedClusterOptions options)
    {
        var layout = ClusterLayout.For(options.DataDirectory);
        await StopAsync(options, layout, "immediate");
        foreach (var directory in new[] { layout.Root, layout.DataDirectory })
        {
            DeleteDirectory(directory);
        }
    }

    /// <summary>Deletes a directory that another process (a test run clearing the same leftovers) may be deleting too.</summary>
    private static void DeleteDirectory(string directory)
    {
        for (var attempt = 1; Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static void CheckBinaries(EmbeddedClusterOptions options)
    {
        if (!File.Exists(Path.Combine(options.BinDirectory, "pg_ctl")))
        {
            throw new EmbeddedClusterException(
                $"PostgreSQL 15 server binaries not found in {options.BinDirectory}: install the Debian package 'postgresql-15' " +
                "(and 'postgresql-15-postgis-3'), or set ConnectionStrings:SpatialHub to an external PostGIS.");
        }
        if (!File.Exists(Path.Combine(options.ExtensionDirectory, "postgis.control")))
        {
            throw new EmbeddedClusterException(
                $"PostGIS not found in {options.ExtensionDirectory}: install the Debian package 'postgresql-15-postgis-3', " +
                "or set ConnectionStrings:SpatialHub to an external PostGIS.");
        }
    }

    private static async Task<string> EnsureInitialisedAsync(EmbeddedClusterOptions options, ClusterLayout layout, CancellationToken cancellationToken)
    {
        if (File.Exists(layout.CredentialsFile) && File.Exists(Path.Combine(layout.PgData, "PG_VERSION")))
        {
            return (await File.ReadAllTextAsync(layout.CredentialsFile, cancellationToken)).Trim();
        }
        // A cluster without our credentials belongs to a data directory that was deleted: start afresh.
        if (Directory.Exists(layout.Root))
        {
            await StopAsync(options, layout);
            Directory.Delete(layout.Root, recursive: true);
        }
        Directory.CreateDirectory(layout.Root);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var passwordFile = Path.Combine(layout.Root, "initdb.pw");
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        await ProcessRunner.GiveToPostgresAsync(layout.Root, cancellationToken);
        try
        {
            var initdb = await ProcessRunner.RunAsync(
                Path.Combine(options.BinDirectory, "initdb"),
                ["-D", layout.PgData, "-U", UserName, "--pwfile", passwordFile, "--auth", "scram-sha-256",
                 "-E", "UTF8", "--locale", "C.UTF-8", "--no-instructions"],
                layout.Root, cancellationToken);
            if (initdb.ExitCode != 0)
            {
                throw new EmbeddedClusterException($"initdb failed (exit {initdb.ExitCode}): {initdb.Error.Trim()}");
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
        await File.AppendAllTextAsync(Path.Combine(layout.PgData, "postgresql.conf"), ServerSettings(options), cancellationToken);
        await File.WriteAllTextAsync(layout.CredentialsFile, password, cancellationToken);
        File.SetUnixFileMode(layout.CredentialsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return password;
    }

    private static string ServerSettings(EmbeddedClusterOptions options)
    {
        var settings = """

            # Written by SpatialHub: loopback only, no Unix socket (its path could be too long or unreachable).
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            max_connections = 200
            shared_buffers = 256MB
            work_mem = 32MB
            maintenance_work_mem = 256MB
            # Crash recovery first flushes the data directory; one syncfs is much faster than an fsync per file.
            recovery_init_sync_method = syncfs
            """ + IncludeOwnSettings;
        return options.Durable
            ? settings + "\n"
            : settings + "\n# A throw-away cluster: speed over crash safety.\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    }

    private const string IncludeOwnSettings = $"\ninclude_if_exists = '{ClusterLayout.OwnSettingsFileName}'";

    private static async Task<int> EnsureRunningAsync(
        EmbeddedClusterOptions options, ClusterLayout layout, CancellationToken cancellationToken, bool keepPort = false)
    {
        if (Postmaster.IsRunning(layout) && Postmaster.ReadPort(layout) is { } runningPort)
        {
            return runningPort;
        }
        Postmaster.RemoveStalePidFile(layout);
        var port = keepPort && ReadPortFile(layout) is { } previous ? previous : PreferredPort(layout);
        await WriteOwnSettingsAsync(layout, port, cancellationToken);
        var start = await ProcessRunner.RunAsync(
            Path.Combine(options.BinDirectory, "pg_ctl"),
            ["-D", layout.PgData, "-l", layout.LogFile, "-w", "-t", "120", "start"],
            layout.Root, cancellationToken);
        if (start.ExitCode != 0)
        {
            var log = File.Exists(layout.LogFile) ? await File.ReadAllTextAsync(layout.LogFile, cancellationToken) : "";
            throw new EmbeddedClusterException(
                $"PostgreSQL did not start (exit {start.ExitCode}): {start.Error.Trim()} {LastLines(log, 5)}");
        }
        await File.WriteAllTextAsync(layout.StartedMarker, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken);
        await File.WriteAllTextAsync(layout.PortFile, port.ToString(CultureInfo.InvariantCulture), cancellationToken);
        return port;
    }

    /// <summary>The port goes into the cluster's own configuration, not pg_ctl's command line, so that an operator's
    /// <c>pg_ctl start</c> uses it too. Clusters initialised before this get the include line appended once.</summary>
    private static async Task WriteOwnSettingsAsync(ClusterLayout layout, int port, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(layout.OwnSettingsFile,
            $"# Written by SpatialHub at each start: the port its processes connect to.\nport = {port.ToString(CultureInfo.InvariantCulture)}\n",
            cancellationToken);
        await ProcessRunner.GiveToPostgresAsync(layout.OwnSettingsFile, cancellationToken);
        var mainSettings = Path.Combine(layout.PgData, "postgresql.conf");
        if (!(await File.ReadAllTextAsync(mainSettings, cancellationToken)).Contains(IncludeOwnSettings.Trim(), StringComparison.Ordinal))
        {
            await File.AppendAllTextAsync(mainSettings, IncludeOwnSettings + "\n", cancellationToken);
        }
    }

    private static int? ReadPortFile(ClusterLayout layout) =>
        File.Exists(layout.PortFile) && int.TryParse(File.ReadAllText(layout.PortFile), CultureInfo.InvariantCulture, out var port) ? port : null;

    private static async Task StopAsync(EmbeddedClusterOptions options, ClusterLayout layout, string mode = "fast")
    {
        if (!Directory.Exists(layout.PgData))
        {
            return;
        }
        await ProcessRunner.RunAsync(
            Path.Combine(options.BinDirectory, "pg_ctl"), ["-D", layout.PgData, "-m", mode, "-w", "stop"],
            layout.Root, CancellationToken.None);
    }

    private static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Only "does it exist" and CREATE DATABASE run here: skipping Npgsql's type loading (one large catalog query
        // and its processing) saves a noticeable share of a short CLI command's start-up.
        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var dataSource = new NpgsqlSlimDataSourceBuilder(maintenance.ConnectionString)
            .ConfigureTypeLoading(types => types.EnableTypeLoading(false)).Build();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = DatabaseName } },
        };
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The port used last time when it is still free, so that a service whose cluster restarts under it
    /// reconnects without being told a new address; otherwise any free loopback port.</summary>
    private static int PreferredPort(ClusterLayout layout) =>
        ReadPortFile(layout) is { } previous && IsFree(previous) ? previous : FreeLoopbackPort();

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task<FileStream> AcquireExclusiveAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryOpenExclusive(path, out var stream))
            {
                return stream;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new EmbeddedClusterException($"Timed out waiting for '{path}': another SpatialHub process is setting up the cluster.");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    internal static bool TryOpenExclusive(string path, out FileStream stream)
    {
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            stream = null!;
            return false;
        }
    }

    private static string LastLines(string text, int count) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(count));
}
