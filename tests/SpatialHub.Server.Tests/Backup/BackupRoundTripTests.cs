using System.Text.Json.Nodes;
using Shouldly;
using SpatialHub.PostGis.Embedded;
using SpatialHub.Server.Tests.Embedded;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Backup;

/// <summary><c>spatialhub backup</c> of a serving database, <c>spatialhub restore</c> into a new data directory
/// (a fresh embedded cluster), then the restored service answers as the original did.</summary>
[Trait("Category", "Integration")]
public sealed class BackupRoundTripTests : IAsyncLifetime
{
    private static readonly string[] Tiles = ["/tiles/wifi-hk/12/3347/1787", "/tiles/districts,lampposts/11/1672/892"];
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"spatialhub-tests-backup-{Guid.NewGuid():N}");
    private string RestoredDataDirectory => Path.Combine(_work, "restored");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await EmbeddedCluster.DestroyAsync(new EmbeddedClusterOptions { DataDirectory = RestoredDataDirectory });
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_backup_of_a_serving_database_restores_into_a_new_data_directory_with_the_same_datasets_and_tiles()
    {
        await using var original = new SpatialHubFactory();
        await original.InitializeAsync();
        var originalClient = original.CreateClient();
        // Two versions of one dataset: the backup carries the older one too, which change listings read.
        foreach (var csv in new[] { "code,Latitude,Longitude\r\nA,22.3,114.1\r\nB,22.31,114.11\r\n", "code,Latitude,Longitude\r\nA,22.3,114.1\r\nC,22.32,114.12\r\n" })
        {
            var put = await original.CreateWriter().PutAsync("/api/datasets/kept", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"));
            put.IsSuccessStatusCode.ShouldBeTrue(await put.Content.ReadAsStringAsync());
        }
        var changes = await originalClient.GetStringAsync("/api/datasets/kept/changes");
        changes.ShouldContain("\"added\":1");
        var before = await DatasetsAsync(originalClient);
        before.Count.ShouldBeGreaterThan(3, "the samples are imported");
        var tiles = new List<byte[]>();
        foreach (var tile in Tiles)
        {
            tiles.Add(await originalClient.GetByteArrayAsync(tile));
        }
        tiles.ShouldAllBe(t => t.Length > 100, "the tiles compared must hold features");

        var file = Path.Combine(_work, "spatialhub.backup");
        var backup = await SpatialHubCliProcess.RunAsync(["backup", file, "--connection", original.ConnectionString], timeout: TimeSpan.FromMinutes(2));
        backup.ExitCode.ShouldBe(0, backup.Error);
        backup.Output.ShouldContain($"Backed up {before.Count + 1} dataset version(s)", Case.Sensitive, "every dataset once, and the older version of kept");

        var restore = await SpatialHubCliProcess.RunAsync(["restore", file, "--data-dir", RestoredDataDirectory], timeout: TimeSpan.FromMinutes(3));
        restore.ExitCode.ShouldBe(0, restore.Error);
        var again = await SpatialHubCliProcess.RunAsync(["restore", file, "--data-dir", RestoredDataDirectory], timeout: TimeSpan.FromMinutes(2));
        again.ExitCode.ShouldBe(3, "a catalog with datasets is not overwritten without --force");
        again.Error.ShouldContain("--force");
        var forced = await SpatialHubCliProcess.RunAsync(["restore", file, "--data-dir", RestoredDataDirectory, "--force"], timeout: TimeSpan.FromMinutes(2));
        forced.ExitCode.ShouldBe(0, forced.Error);
        Directory.GetFiles(_work, "spatialhub.backup.replaced-*").ShouldHaveSingleItem("what a forced restore replaces is backed up first");

        await using var restored = FaultTestKit.Service(new()
        {
            ["ConnectionStrings:SpatialHub"] = "",
            ["SpatialHub:DataDirectory"] = RestoredDataDirectory,
            ["SpatialHub:ImportSamplesWhenEmpty"] = "false",
        });
        var restoredClient = restored.CreateClient();
        var after = await DatasetsAsync(restoredClient);
        after.Keys.Order().ShouldBe(before.Keys.Order());
        foreach (var (id, dataset) in before)
        {
            after[id]["featureCount"]!.ToJsonString().ShouldBe(dataset["featureCount"]!.ToJsonString(), id);
            after[id]["version"]!.ToJsonString().ShouldBe(dataset["version"]!.ToJsonString(), id);
        }
        for (var i = 0; i < Tiles.Length; i++)
        {
            (await restoredClient.GetByteArrayAsync(Tiles[i])).ShouldBe(tiles[i], $"{Tiles[i]} after the restore");
        }
        (await restoredClient.GetStringAsync("/api/datasets/kept/changes")).ShouldBe(changes, "the retained older version came back too");
    }

    private static async Task<Dictionary<string, JsonNode>> DatasetsAsync(HttpClient client)
    {
        var list = JsonNode.Parse(await client.GetStringAsync("/api/datasets"))!.AsArray();
        return list.ToDictionary(d => d!["id"]!.GetValue<string>(), d => d!);
    }
}
