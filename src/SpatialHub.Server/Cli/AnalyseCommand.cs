using System.CommandLine;
using System.Text.Json;
using SpatialHub.Core.Analytics;
using SpatialHub.PostGis;
using SpatialHub.Server.Analytics;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub analyse zones|proximity|grid</c>: the analytics of <c>/api/analytics/*</c> from the command
/// line, with the same SQL, checks and output formats, written to standard output or a file.</summary>
internal static class AnalyseCommand
{
    private static readonly Option<string> Format = new("--format") { Description = "csv or json (zones and proximity also geojson)", DefaultValueFactory = _ => "csv" };
    private static readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "File to write (default: standard output)" };

    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "Dataset id, optionally id@version", Required = true };
        var zones = new Option<string>("--zones") { Description = "Polygon dataset whose features are the zones", Required = true };
        var name = new Option<string?>("--name") { Description = "Field of the zones to show as their name (default: guessed)" };
        var fields = new Option<string?>("--fields") { Description = "Numeric fields to sum and average, comma-separated (default: all but coordinates)" };
        var zonesCommand = new Command("zones", "Count, count per km², sums and averages of a dataset's features per zone.") { dataset, zones, name, fields, Format, Output };
        zonesCommand.SetAction((parse, cancellationToken) => RunAsync(parse, async (analytics, format, ct) =>
        {
            var result = await analytics.ZonesAsync(
                await analytics.DatasetAsync("--dataset", parse.GetValue(dataset), ct), await analytics.DatasetAsync("--zones", parse.GetValue(zones), ct),
                parse.GetValue(name), parse.GetValue(fields), format == "geojson", ct);
            return format switch
            {
                "json" => Json(AnalyticsWriters.ZonesJson(result)),
                "geojson" => AnalyticsWriters.GeoJsonText(AnalyticsWriters.ZonesGeoJson(result)),
                _ => AnalyticsWriters.ZonesCsv(result),
            };
        }, cancellationToken, "csv", "json", "geojson"));

        var from = new Option<string>("--from") { Description = "Dataset whose features are measured (A)", Required = true };
        var to = new Option<string>("--to") { Description = "Dataset measured to (B)", Required = true };
        var radius = new Option<string?>("--radius") { Description = $"Also count B within this many metres (0 < R <= {AnalyticsLimits.MaxRadiusMetres:0})" };
        var proximity = new Command("proximity", "For each feature of A, the nearest feature of B and its distance in metres.") { from, to, radius, Format, Output };
        proximity.SetAction((parse, cancellationToken) => RunAsync(parse, async (analytics, format, ct) =>
        {
            double? radiusM = parse.GetValue(radius) is { } text ? AnalyticsLimits.Radius("--radius", text) : null;
            var result = await analytics.ProximityAsync(
                await analytics.DatasetAsync("--from", parse.GetValue(from), ct), await analytics.DatasetAsync("--to", parse.GetValue(to), ct),
                radiusM, format == "geojson", ct);
            return format switch
            {
                "json" => Json(AnalyticsWriters.ProximityJson(result)),
                "geojson" => AnalyticsWriters.GeoJsonText(AnalyticsWriters.ProximityGeoJson(result)),
                _ => AnalyticsWriters.ProximityCsv(result),
            };
        }, cancellationToken, "csv", "json", "geojson"));

        var gridDataset = new Option<string>("--dataset") { Description = "Dataset id, optionally id@version", Required = true };
        var cell = new Option<string>("--cell") { Description = $"Cell size in metres: {string.Join(", ", AnalyticsLimits.CellSizes)}", Required = true };
        var grid = new Command("grid", "Feature counts per square cell of the HK1980 Grid (EPSG:2326).") { gridDataset, cell, Format, Output };
        grid.SetAction((parse, cancellationToken) => RunAsync(parse, async (analytics, format, ct) =>
        {
            var size = AnalyticsLimits.CellSize("--cell", parse.GetValue(cell));
            var result = await analytics.GridAsync(await analytics.DatasetAsync("--dataset", parse.GetValue(gridDataset), ct), size, ct);
            return format == "json"
                ? Json(AnalyticsWriters.GridJson(result, $"{AnalyticsEndpoints.GridTilePrefix}/{result.Dataset.Id}@{result.Dataset.Version}/{size}/{{z}}/{{x}}/{{y}}"))
                : AnalyticsWriters.GridCsv(result);
        }, cancellationToken, "csv", "json"));

        var analyse = new Command("analyse", "Zone statistics, proximity and density grids of the catalog's datasets, computed in PostGIS.") { zonesCommand, proximity, grid };
        foreach (var verb in analyse.Subcommands)
        {
            CliHost.AddOptionsTo(verb);
        }
        return analyse;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Opens the database, runs the analysis and writes its text; a mistake in the arguments is one line on
    /// stderr and exit code 2.</summary>
    private static Task<int> RunAsync(
        ParseResult parse, Func<AnalyticsService, string, CancellationToken, Task<string>> analyse, CancellationToken cancellationToken, params string[] formats) =>
        CliHost.RunAsync(parse, async host =>
        {
            try
            {
                var format = parse.GetValue(Format)!;
                if (!formats.Contains(format, StringComparer.Ordinal))
                {
                    throw new AnalyticsParameterException("--format", $"--format must be {string.Join(", ", formats)}, not '{DatasetSelector.Shorten(format)}'.");
                }
                var options = new AnalyticsOptions();
                host.Services.GetRequiredService<IConfiguration>().GetSection(AnalyticsOptions.Section).Bind(options);
                var database = await host.DatabaseAsync(cancellationToken);
                using var analytics = new AnalyticsService(database.PrimaryReads, options);
                var text = await analyse(analytics, format, cancellationToken);
                if (parse.GetValue(Output) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, text, cancellationToken);
                }
                else
                {
                    await Console.Out.WriteAsync(text);
                }
                return 0;
            }
            catch (Exception e) when (e is AnalyticsParameterException or AnalyticsNotFoundException or AnalyticsTimeoutException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
        });
}
