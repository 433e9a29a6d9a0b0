using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Cli;

/// <summary>The <c>spatialhub</c> executable's verbs, run as processes against a real database.</summary>
[Trait("Category", "Integration")]
public sealed class CliTests
{
    [Fact]
    public async Task Transform_reads_x_y_lines_and_agrees_with_cs2cs()
    {
        var result = await SpatialHubCliProcess.RunAsync(["transform", "--from", "EPSG:2326", "--to", "EPSG:4326"], "839884.226 831804.513\n832591.320,820351.389\n");

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(2);
        lines[1].ShouldBe("114.141187917 22.322172085");
        var (lon, lat) = Cs2cs.Transform("EPSG:2326", "EPSG:4326", 839884.226, 831804.513);
        var first = lines[0].Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        first[0].ShouldBe(lon, 1e-8);
        first[1].ShouldBe(lat, 1e-8);
        lines[0].Split(' ').ShouldAllBe(v => v.Split('.', StringSplitOptions.None)[1].Length == 9);
    }

    [Fact]
    public async Task Transform_names_the_bad_line_and_exits_non_zero()
    {
        var result = await SpatialHubCliProcess.RunAsync(["transform", "--from", "2326", "--to", "3857"], "839884.226 831804.513\n\nnorth east\n");

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("Line 3");
        result.Error.ShouldContain("north");
    }

    [Fact]
    public async Task Transform_refuses_an_unknown_crs_by_name()
    {
        var result = await SpatialHubCliProcess.RunAsync(["transform", "--from", "EPSG:27700", "--to", "EPSG:4326"], "1 2\n");

        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("EPSG:27700");
    }

    [Fact]
    public async Task Import_then_datasets_lists_the_new_dataset_with_its_count()
    {
        var connection = await TestCluster.CreateDatabaseAsync();
        var file = RepositoryPaths.Sample("it-sites-hk1980.csv");

        var import = await SpatialHubCliProcess.RunAsync(["import", file, "--dataset", "it-sites", "--title", "I&T sites", "--connection", connection]);
        import.ExitCode.ShouldBe(0, import.Error);
        import.Output.ShouldContain("27 imported");

        var list = await SpatialHubCliProcess.RunAsync(["datasets", "--connection", connection]);
        list.ExitCode.ShouldBe(0, list.Error);
        list.Output.ShouldContain("it-sites");
        list.Output.ShouldContain("27");
    }

    [Fact]
    public async Task A_refused_import_exits_1_and_lists_file_line_field_and_reason()
    {
        var connection = await TestCluster.CreateDatabaseAsync();
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "name,Easting,Northing\nok,839884.2,831804.5\nbad,839884.2,\n");
        try
        {
            var result = await SpatialHubCliProcess.RunAsync(["import", file, "--dataset", "bad", "--connection", connection]);

            result.ExitCode.ShouldBe(1);
            result.Error.ShouldContain($"{Path.GetFileName(file)}:3 field 'Northing': the coordinate is missing");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
