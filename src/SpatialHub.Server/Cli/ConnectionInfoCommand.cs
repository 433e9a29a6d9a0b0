using System.CommandLine;
using SpatialHub.PostGis;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub connection-info</c>: the database's libpq connection string, for psql, pg_dump and
/// ogr2ogr (PG:"..."). Starts the embedded cluster if needed; prints the password, so it is for the operator.</summary>
internal static class ConnectionInfoCommand
{
    public static Command Create()
    {
        var command = new Command("connection-info", "Print the libpq connection string of SpatialHub's database (for psql, pg_dump, ogr2ogr).");
        CliHost.AddOptionsTo(command);
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async host =>
        {
            var database = await host.DatabaseAsync(cancellationToken);
            Console.WriteLine(ConnectionStrings.Libpq(database.ConnectionString));
            return 0;
        }));
        return command;
    }
}
