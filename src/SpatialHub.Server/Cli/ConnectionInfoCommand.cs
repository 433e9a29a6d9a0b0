using System.CommandLine;
using Microsoft.Extensions.Options;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Embedded;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub connection-info</c>: the database's libpq connection string, for psql, pg_dump and
/// ogr2ogr (PG:"..."). Starts the embedded cluster if needed; prints the password, so it is for the operator.
/// <c>--cluster-directory</c> prints where the embedded cluster's files live instead, without starting it: the
/// benchmark scripts remove throw-away clusters by it.</summary>
internal static class ConnectionInfoCommand
{
    public static Command Create()
    {
        var command = new Command("connection-info", "Print the libpq connection string of SpatialHub's database (for psql, pg_dump, ogr2ogr).");
        var clusterDirectory = new Option<bool>("--cluster-directory")
        {
            Description = "Print the embedded cluster's directory for this data directory, without starting it",
        };
        command.Options.Add(clusterDirectory);
        CliHost.AddOptionsTo(command);
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async host =>
        {
            if (parse.GetValue(clusterDirectory))
            {
                var options = host.Services.GetRequiredService<IOptions<SpatialHubOptions>>().Value;
                Console.WriteLine(EmbeddedCluster.DirectoryFor(options.DataDirectory));
                return 0;
            }
            var database = await host.DatabaseAsync(cancellationToken);
            Console.WriteLine(ConnectionStrings.Libpq(database.ConnectionString));
            return 0;
        }));
        return command;
    }
}
