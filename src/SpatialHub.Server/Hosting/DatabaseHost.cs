using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Replicas;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Hosting;

/// <summary>Opens the database (external or embedded) and migrates it before the server accepts requests,
/// and leaves it on shutdown (stopping the embedded cluster if this process started it and is its last user).
/// With read replicas configured, opens them too and routes reads through a <see cref="ReadRouter"/>.</summary>
public sealed class DatabaseHost(
    IOptions<SpatialHubOptions> options,
    IConfiguration configuration,
    SampleImporter samples,
    CatalogVersionWatcher watcher,
    ReplicaMetrics metrics,
    ILoggerFactory loggers,
    IMeterFactory meters,
    ILogger<DatabaseHost> logger) : IHostedLifecycleService
{
    private SpatialHubDatabase? _database;
    private ReadRouter? _reads;

    /// <summary>The open database (its writes through <see cref="DatabaseParts"/>); throws <see cref="DatabaseUnavailableException"/> before start-up finished.</summary>
    public SpatialHubDatabase Database => _database ?? throw new DatabaseUnavailableException("The database is not open yet.");

    /// <summary>Where reads go: a replica when configured and current, else the primary.</summary>
    public ReadRouter Reads => _reads ?? throw new DatabaseUnavailableException("The database is not open yet.");

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // The embedded cluster's supervisor logs and counts its restarts (spatialhub.database.restarts) through the host's.
        var settings = DatabaseSettingsFrom(configuration, options.Value) with { LoggerFactory = loggers, Meter = meters.Create("SpatialHub") };
        logger.LogInformation("Opening the {Kind} database with {Replicas} read replica(s)",
            string.IsNullOrEmpty(settings.ConnectionString) ? "embedded" : "external", settings.ReadConnectionStrings?.Count ?? 0);
        _database = await SpatialHubDatabase.OpenAsync(settings, cancellationToken);
        _reads = _database.Reads(watcher, metrics.Read, TimeSpan.FromSeconds(options.Value.ReplicaRestSeconds));
        if (options.Value.ImportSamplesWhenEmpty)
        {
            await samples.ImportWhenCatalogEmptyAsync(_database, cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
            _database = null;
            _reads = null;
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
