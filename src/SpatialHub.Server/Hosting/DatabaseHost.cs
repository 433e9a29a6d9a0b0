using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Replicas;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Hosting;

/// <summary>The database (external or embedded) and its read router, opened and migrated once, on first use, from the
/// validated options: a DI singleton, not a hosted service. <see cref="DatabaseStartup"/> opens it before Kestrel
/// accepts requests, so request handlers read <see cref="Database"/> and <see cref="Reads"/> synchronously; code that
/// may run earlier awaits <see cref="OpenAsync"/>.</summary>
public sealed class DatabaseHost : IAsyncDisposable
{
    private readonly IOptions<SpatialHubOptions> _options;
    private readonly IConfiguration _configuration;
    private readonly SampleImporter _samples;
    private readonly CatalogVersionWatcher _watcher;
    private readonly ReplicaMetrics _metrics;
    private readonly ILoggerFactory _loggers;
    private readonly IMeterFactory _meters;
    private readonly ILogger<DatabaseHost> _logger;
    private readonly Lazy<Task<(SpatialHubDatabase Database, ReadRouter Reads)>> _open;
    private int _closed;

    public DatabaseHost(IOptions<SpatialHubOptions> options, IConfiguration configuration, SampleImporter samples,
        CatalogVersionWatcher watcher, ReplicaMetrics metrics, ILoggerFactory loggers, IMeterFactory meters, ILogger<DatabaseHost> logger)
    {
        (_options, _configuration, _samples, _watcher, _metrics, _loggers, _meters, _logger) =
            (options, configuration, samples, watcher, metrics, loggers, meters, logger);
        // One opening however many callers race for it; a failed opening fails them all and start-up with them.
        _open = new(() => OpenCoreAsync(CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The open database (its writes through <see cref="DatabaseParts"/>); throws
    /// <see cref="DatabaseUnavailableException"/> (503 at the edge) while it is still opening.</summary>
    public SpatialHubDatabase Database => Opened().Database;

    /// <summary>Where reads go: a replica when configured and current, else the primary.</summary>
    public ReadRouter Reads => Opened().Reads;

    /// <summary>Opens the database on the first call (migrating it and seeding the samples when configured); later
    /// calls share that opening.</summary>
    public async Task<SpatialHubDatabase> OpenAsync(CancellationToken cancellationToken) =>
        (await _open.Value.WaitAsync(cancellationToken)).Database;

    private (SpatialHubDatabase Database, ReadRouter Reads) Opened() =>
        _open.IsValueCreated && _open.Value.IsCompletedSuccessfully && Volatile.Read(ref _closed) == 0
            ? _open.Value.Result
            : throw new DatabaseUnavailableException("The database is not open yet.");

    private async Task<(SpatialHubDatabase, ReadRouter)> OpenCoreAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        // The embedded cluster's supervisor logs and counts its restarts (spatialhub.database.restarts) through the host's.
        var settings = DatabaseSettingsFrom(_configuration, options) with { LoggerFactory = _loggers, Meter = _meters.Create("SpatialHub") };
        _logger.LogInformation("Opening the {Kind} database with {Replicas} read replica(s)",
            string.IsNullOrEmpty(settings.ConnectionString) ? "embedded" : "external", settings.ReadConnectionStrings?.Count ?? 0);
        var database = await SpatialHubDatabase.OpenAsync(settings, cancellationToken);
        var reads = database.Reads(_watcher, _metrics.Read, TimeSpan.FromSeconds(options.ReplicaRestSeconds));
        if (options.ImportSamplesWhenEmpty)
        {
            await _samples.ImportWhenCatalogEmptyAsync(database, cancellationToken);
        }
        return (database, reads);
    }

    /// <summary>Leaves the database (stopping the embedded cluster if this process started it and is its last user).
    /// The host's stop and the container's disposal both call this; the first one closes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0 && _open.IsValueCreated && await Task.WhenAny(_open.Value) is { IsCompletedSuccessfully: true } opened)
        {
            await opened.Result.Database.DisposeAsync();
        }
    }

    /// <summary>The one place that turns configuration into database settings, for the server and the CLI alike.</summary>
    public static DatabaseSettings DatabaseSettingsFrom(IConfiguration configuration, SpatialHubOptions options) =>
        new(configuration.GetConnectionString(SpatialHubOptions.ConnectionStringName),
            Path.GetFullPath(options.DataDirectory),
            MaxPoolSize: options.MaxPoolSize,
            ReadConnectionStrings: ReadConnectionStringsFrom(configuration, options));

    /// <summary>The replicas: <c>ConnectionStrings:SpatialHubRead</c> split at <c>|</c>, then <c>SpatialHub:ReadConnectionStrings</c>.</summary>
    public static IReadOnlyList<string> ReadConnectionStringsFrom(IConfiguration configuration, SpatialHubOptions options) =>
        [
            .. (configuration.GetConnectionString(SpatialHubOptions.ReadConnectionStringName) ?? "")
                .Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            .. options.ReadConnectionStrings.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()),
        ];
}

/// <summary>Opens the database before the server accepts requests and leaves it after the last request drained: the
/// hosted services stop in reverse order, and this one is registered before the others that use the database.</summary>
internal sealed class DatabaseStartup(DatabaseHost database) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => database.OpenAsync(cancellationToken);
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => database.DisposeAsync().AsTask();
}
