using Microsoft.Extensions.Options;
using Npgsql;
using SpatialHub.PostGis;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Hosting;

/// <summary>Opens the database (external or embedded) and migrates it before the server accepts requests,
/// and leaves it on shutdown (stopping the embedded cluster if this process started it and is its last user).</summary>
public sealed class DatabaseHost(
    IOptions<SpatialHubOptions> options,
    IConfiguration configuration,
    SampleImporter samples,
    ILogger<DatabaseHost> logger) : IHostedLifecycleService
{
    private SpatialHubDatabase? _database;

    /// <summary>The pooled data source; throws <see cref="DatabaseUnavailableException"/> before start-up finished.</summary>
    public NpgsqlDataSource DataSource => _database?.DataSource ?? throw new DatabaseUnavailableException("The database is not open yet.");

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = DatabaseSettingsFrom(configuration, options.Value);
        logger.LogInformation("Opening the {Kind} database", string.IsNullOrEmpty(settings.ConnectionString) ? "embedded" : "external");
        _database = await SpatialHubDatabase.OpenAsync(settings, cancellationToken);
        if (options.Value.ImportSamplesWhenEmpty)
        {
            await samples.ImportWhenCatalogEmptyAsync(_database.DataSource, cancellationToken);
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
        }
    }

    /// <summary>The one place that turns configuration into database settings, for the server and the CLI alike.</summary>
    public static DatabaseSettings DatabaseSettingsFrom(IConfiguration configuration, SpatialHubOptions options) =>
        new(configuration.GetConnectionString(SpatialHubOptions.ConnectionStringName),
            Path.GetFullPath(options.DataDirectory),
            MaxPoolSize: options.MaxPoolSize);
}

/// <summary>The database cannot be reached; answered with 503 and Retry-After.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
