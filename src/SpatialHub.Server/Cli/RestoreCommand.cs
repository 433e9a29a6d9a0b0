using System.CommandLine;
using SpatialHub.PostGis;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub restore FILE</c>: puts a backup's catalog and dataset versions into the database, a new
/// data directory's by default use; a database that already has datasets is replaced only with <c>--force</c>.</summary>
internal static class RestoreCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "A backup written by 'spatialhub backup'" };

    private static readonly Option<bool> Force = new("--force")
    {
        Description = "Replace the datasets already in the database (stop the service first)",
    };

    public static Command Create()
    {
        var command = new Command("restore", "Restore a backup into an empty database (a new --data-dir); --force replaces existing datasets.")
        {
            File, Force,
        };
        CliHost.AddOptionsTo(command);
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async host =>
        {
            var file = parse.GetValue(File)!;
            var database = await host.DatabaseAsync(cancellationToken);
            var summary = await database.Backup()
                .RestoreAsync(file.FullName, parse.GetValue(Force), cancellationToken);
            Console.WriteLine($"Restored {summary.Versions} dataset version(s) from {file.FullName}.");
            if (summary.Replaced is { } replaced)
            {
                Console.WriteLine($"The datasets it replaced are backed up in {replaced}.");
            }
            return 0;
        }));
        return command;
    }
}
