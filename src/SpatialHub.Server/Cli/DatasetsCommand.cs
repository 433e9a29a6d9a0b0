using System.CommandLine;
using SpatialHub.PostGis;
using Spectre.Console;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub datasets</c>: the catalog with feature counts.</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var command = new Command("datasets", "List the datasets with their feature counts and versions.");
        CliHost.AddOptionsTo(command);
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async host =>
        {
            var database = await host.DatabaseAsync(cancellationToken);
            var datasets = await database.Catalog(includeUnpublished: true).ListAsync(cancellationToken);
            var table = new Table().AddColumns("id", "title", "geometry", "features", "version", "imported (UTC)");
            foreach (var d in datasets)
            {
                table.AddRow(Markup.Escape(d.Id), Markup.Escape(d.Title), d.GeometryType,
                    d.FeatureCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    d.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), d.ImportedAt.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
