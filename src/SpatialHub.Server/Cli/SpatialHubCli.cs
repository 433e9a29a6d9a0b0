using System.CommandLine;

namespace SpatialHub.Server.Cli;

/// <summary>The verbs of the <c>spatialhub</c> executable other than <c>serve</c>.</summary>
internal static class SpatialHubCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("SpatialHub: Hong Kong spatial datasets in PostGIS, as vector tiles and a map.")
        {
            ServeHelp(),
            ImportCommand.Create(),
            InspectCommand.Create(),
            DatasetsCommand.Create(),
            TransformCommand.Create(),
            ConnectionInfoCommand.Create(),
            TilesCommand.Create(),
            BackupCommand.Create(),
            RestoreCommand.Create(),
            RenderCommand.Create(),
            AnalyseCommand.Create(),
        };
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CliErrors.Report(e);
        }
    }

    // `serve` is dispatched before parsing (ASP.NET Core reads its own arguments); this entry documents it.
    private static Command ServeHelp() =>
        new("serve", "Run the web service (map, tiles, API). Options: --urls http://127.0.0.1:5000, " +
                     "--SpatialHub:DataDirectory=DIR, --ConnectionStrings:SpatialHub=\"Host=...\"");
}
