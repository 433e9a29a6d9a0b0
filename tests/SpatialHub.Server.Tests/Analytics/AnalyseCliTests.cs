using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Analytics;

[Trait("Category", "Integration")]
public sealed class AnalyseCliTests
{
    [Fact]
    public async Task Analyse_zones_writes_one_csv_row_per_district_with_every_site_counted_once()
    {
        var connection = await TestCluster.CreateDatabaseAsync();
        foreach (var (id, file) in new[] { ("it-sites", "it-sites-hk1980.csv"), ("districts", "hk-18-districts-2001-hk1980.geojson") })
        {
            var import = await SpatialHubCliProcess.RunAsync(["import", RepositoryPaths.Sample(file), "--dataset", id, "--connection", connection]);
            import.ExitCode.ShouldBe(0, import.Error);
        }

        var zones = await SpatialHubCliProcess.RunAsync(["analyse", "zones", "--dataset", "it-sites", "--zones", "districts", "--connection", connection]);
        zones.ExitCode.ShouldBe(0, zones.Error);
        var lines = zones.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("zone_id,name,count,area_km2,density_km2");
        lines.Length.ShouldBe(19);
        lines.Skip(1).Sum(l => int.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(27);
        lines.ShouldContain(l => l.StartsWith("18,", StringComparison.Ordinal) || l.Contains(",Tai Po,", StringComparison.Ordinal));

        var grid = await SpatialHubCliProcess.RunAsync(["analyse", "grid", "--dataset", "it-sites", "--cell", "300", "--connection", connection]);
        grid.ExitCode.ShouldBe(2);
        grid.Error.ShouldContain("--cell must be one of 100, 250, 500, 1000");

        var missing = await SpatialHubCliProcess.RunAsync(["analyse", "proximity", "--from", "it-sites", "--to", "no-such", "--connection", connection]);
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("--to: dataset 'no-such' does not exist");
    }
}
