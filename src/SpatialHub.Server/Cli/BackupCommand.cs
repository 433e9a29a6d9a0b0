using System.CommandLine;
using SpatialHub.PostGis;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub backup FILE</c>: the catalog and every retained dataset version in one pg_dump file,
/// consistent while the service serves (pg_dump reads one snapshot).</summary>
internal static class BackupCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "Where to write the backup (pg_dump custom format)" };

    public static Command Create()
    {
        var command = new Command("backup", "Back up the catalog and every dataset version to FILE (safe while the service runs).") { File };
        CliHost.AddOptionsTo(command);
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async host =>
        {
            var file = parse.GetValue(File)!;
            var database = await host.DatabaseAsync(cancellationToken);
            var summary = await database.Backup().BackupAsync(file.FullName, cancellationToken);
            Console.WriteLine($"Backed up {summary.Versions} dataset version(s) to {file.FullName} ({summary.Bytes:N0} bytes).");
            return 0;
        }));
        return command;
    }
}
