using System.CommandLine;
using SpatialHub.PostGis;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Cli;

/// <summary>Opens the same database the server would, from the same configuration sources (appsettings.json,
/// SpatialHub__* and ConnectionStrings__SpatialHub environment variables), overridable per command.</summary>
internal static class CliDatabase
{
    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "SpatialHub data directory (default: SpatialHub:DataDirectory, else .spatialhub)",
    };

    public static readonly Option<string?> Connection = new("--connection")
    {
        Description = "Connection string of an external PostGIS (default: ConnectionStrings:SpatialHub, else the embedded cluster)",
    };

    public static void AddOptionsTo(Command command)
    {
        command.Options.Add(DataDirectory);
        command.Options.Add(Connection);
    }

    /// <summary>The configuration the server would read (appsettings.json beside the executable and in the working
    /// directory, then environment variables).</summary>
    public static IConfiguration Configuration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    public static Task<SpatialHubDatabase> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var configuration = Configuration();
        var options = configuration.GetSection(SpatialHubOptions.Section).Get<SpatialHubOptions>() ?? new SpatialHubOptions();
        if (parse.GetValue(DataDirectory) is { } dataDirectory)
        {
            options.DataDirectory = dataDirectory;
        }
        // The CLI writes and seeds from the primary: read replicas are for serving.
        var settings = DatabaseHost.DatabaseSettingsFrom(configuration, options) with { ReadConnectionStrings = null };
        if (parse.GetValue(Connection) is { } connection)
        {
            settings = settings with { ConnectionString = connection };
        }
        return SpatialHubDatabase.OpenAsync(settings with { ApplicationName = "spatialhub-cli" }, cancellationToken);
    }
}
