using System.Diagnostics;
using System.Globalization;
using System.Text;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Import;

/// <summary>kill -9 of a CLI import at any moment leaves the previous version served and no debris.</summary>
[Trait("Category", "Integration")]
public sealed class KillDuringImportTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(30)]
    public async Task Killing_an_import_leaves_the_previous_version_and_no_debris(int progressLinesBeforeKill)
    {
        await using var db = await TestDatabase.CreateAsync();
        var previous = await db.ImportTextAsync("victim", "good.csv", "name,Latitude,Longitude\nCentral,22.2819,114.1582\n");
        var file = await WriteLargeCsvAsync(300_000);
        try
        {
            using var import = SpatialHubCliProcess.Start(["import", file, "--dataset", "victim", "--connection", db.DataSource.ConnectionString + ";Password=" + TestCluster.Password]);
            var progressLines = 0;
            while (progressLines < progressLinesBeforeKill && await import.StandardOutput.ReadLineAsync() is { } line)
            {
                progressLines += line.StartsWith("progress:", StringComparison.Ordinal) ? 1 : 0;
            }
            progressLines.ShouldBe(progressLinesBeforeKill, "the import should still be running when it is killed");
            import.Kill(); // SIGKILL on Linux: no handler runs, like kill -9
            await import.WaitForExitAsync();

            var dataset = await db.Catalog.GetAsync("victim");
            dataset.Version.ShouldBe(previous.Version);
            dataset.FeatureCount.ShouldBe(1);
            await WaitUntilNoImportSessionAsync(db);
            (await db.FeatureTablesAsync()).ShouldBe([dataset.FeatureTable]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task WaitUntilNoImportSessionAsync(TestDatabase db)
    {
        var clock = Stopwatch.StartNew();
        while (await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'spatialhub-cli'") > 0)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "the server should notice the dead client and roll back");
            await Task.Delay(100);
        }
    }

    private static async Task<string> WriteLargeCsvAsync(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kill-{Guid.NewGuid():N}.csv");
        var csv = new StringBuilder("id,Easting,Northing,note\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},{815000 + i % 40000}.5,{815000 + i / 10 % 30000}.25,row {i}\n");
        }
        await File.WriteAllTextAsync(path, csv.ToString());
        return path;
    }
}
