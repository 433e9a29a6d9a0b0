using System.CommandLine;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Hosting;

using SpatialHub.Server.Import;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Cli;

/// <summary>The generic host every database verb runs on: the configuration serve reads (appsettings.json beside the
/// executable, environment variables), the same validated options, and the database opened once, lazily, from them.
/// <c>--data-dir</c> and <c>--connection</c> override configuration for one run.</summary>
internal sealed class CliHost : IAsyncDisposable
{
    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "SpatialHub data directory (default: SpatialHub:DataDirectory, else .spatialhub)",
    };

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Connection string of an external PostGIS (default: ConnectionStrings:SpatialHub, else the embedded cluster)",
    };

    private readonly IHost _host;
    private SpatialHubDatabase? _database;

    private CliHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static void AddOptionsTo(Command command)
    {
        command.Options.Add(DataDirectory);
        command.Options.Add(Connection);
    }

    /// <summary>Builds the host and validates its options (a bad value stops the verb with exit code 3).</summary>
    public static CliHost Create(ParseResult parse)
    {
        // The sources serve reads, without what a verb that runs for seconds never uses (file watchers, log providers,
        // user secrets): the empty builder starts measurably faster.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = SpatialHubHostDefaults.ContentRoot([]),
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"),
        });
        builder.Configuration
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{builder.Environment.EnvironmentName}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(DataDirectory) is { } dataDirectory)
        {
            overrides[$"{SpatialHubOptions.Section}:{nameof(SpatialHubOptions.DataDirectory)}"] = dataDirectory;
        }
        if (parse.GetValue(Connection) is { } connection)
        {
            overrides[$"ConnectionStrings:{SpatialHubOptions.ConnectionStringName}"] = connection;
        }
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddMetrics();
        SpatialHubApp.AddValidatedOptions(builder.Services);
        // The import bounds and sandbox settings serve uses, validated with the rest.
        builder.Services.AddImport();
        var host = builder.Build();
        host.Services.GetService<IStartupValidator>()?.Validate();
        return new CliHost(host);
    }

    /// <summary>The database serve would open, opened on first use; read replicas are left out (the CLI writes and
    /// seeds from the primary).</summary>
    public async Task<SpatialHubDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        if (_database is null)
        {
            var options = Services.GetRequiredService<IOptions<SpatialHubOptions>>().Value;
            var settings = DatabaseHost.DatabaseSettingsFrom(Services.GetRequiredService<IConfiguration>(), options)
                with { ReadConnectionStrings = null, ApplicationName = "spatialhub-cli" };
            _database = await SpatialHubDatabase.OpenAsync(settings, cancellationToken);
        }
        return _database;
    }

    /// <summary>The server's tile source over the primary, for the verbs that draw or export tiles. No watcher runs
    /// in a CLI process: versions are read from the database.</summary>
    public async Task<PostGisTileSource> TileSourceAsync(TilesOptions options, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync(cancellationToken);
        return new PostGisTileSource(database.PrimaryReads, null, options);
    }

    /// <summary>The server's cached, coalescing loader in front of <paramref name="source"/>.</summary>
    public TileLoader TileLoader(ITileSource source, TilesOptions options) =>
        new(source, options, new TileMetrics(Services.GetRequiredService<IMeterFactory>()));

    /// <summary>Runs a verb on a fresh host and disposes both afterwards.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<CliHost, Task<int>> verb)
    {
        await using var host = Create(parse);
        return await verb(host);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        _host.Dispose();
    }
}
