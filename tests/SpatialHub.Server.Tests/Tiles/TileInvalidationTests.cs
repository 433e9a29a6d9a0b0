using System.Net;
using System.Net.Http.Json;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary>Plain and versioned tile URLs are answered from memory while the service listens for catalog changes, so
/// another writer's import shows once its NOTIFY has arrived: these tests wait for exactly that (not for a fixed
/// time), then require the very next response to be the new one.</summary>
[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TileInvalidationTests(SpatialHubFactory factory)
{
    [Fact]
    public async Task A_reimport_by_another_writer_changes_the_next_tile_once_its_notification_is_heard()
    {
        var client = factory.CreateClient();
        var before = await client.GetAsync("/tiles/it-sites/0/0/0");
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        var countBefore = DecodedTile.Decode(await before.Content.ReadAsByteArrayAsync()).Layer("it-sites").Sum(f => f.PointCount);
        countBefore.ShouldBe(27);
        (await client.GetAsync("/tiles/it-sites/0/0/0")).Headers.ETag.ShouldBe(before.Headers.ETag, "cached and unchanged until the import");

        // Another writer (as the import CLI does, with its own connection pool) replaces it-sites with its first 10 rows.
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.DataSamples, "it-sites-hk1980.csv"));
        await ImportAndHearAsync("it-sites", string.Join('\n', lines.Take(11)) + "\n", "it-sites-hk1980.csv", "Innovation and technology sites");

        var after = await client.GetAsync("/tiles/it-sites/0/0/0");
        after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
        DecodedTile.Decode(await after.Content.ReadAsByteArrayAsync()).Layer("it-sites").Sum(f => f.PointCount).ShouldBe(10);
    }

    [Fact]
    public async Task A_versioned_url_learns_of_an_import_by_another_writer_through_the_catalog_notification()
    {
        var client = factory.CreateClient();
        await ImportAndHearAsync("watch-test", "name,Latitude,Longitude\nA,22.30,114.17\nB,22.31,114.18\n");
        var template = (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/tiles/watch-test")).GetProperty("tiles")[0].GetString()!;
        var versioned = new Uri(template.Replace("{z}/{x}/{y}", "0/0/0", StringComparison.Ordinal)).PathAndQuery;
        var first = await client.GetAsync(versioned);
        first.Headers.CacheControl!.ToString().ShouldContain("immutable");
        Count(await first.Content.ReadAsByteArrayAsync()).ShouldBe(2);

        await ImportAndHearAsync("watch-test", "name,Latitude,Longitude\nA,22.30,114.17\nB,22.31,114.18\nC,22.32,114.19\n");

        // The old token no longer names the current versions once the service has heard the notification:
        // the same URL then answers with the new data rather than a cached old tile.
        var again = await client.GetAsync(versioned);
        Count(await again.Content.ReadAsByteArrayAsync()).ShouldBe(3);
        again.Headers.CacheControl!.ToString().ShouldNotContain("immutable"); // the token is no longer current
        var newTemplate = (await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/tiles/watch-test")).GetProperty("tiles")[0].GetString()!;
        newTemplate.ShouldNotBe(template);
    }

    private static long Count(byte[] tile) => DecodedTile.Decode(tile).Layer("watch-test").Sum(f => f.PointCount);

    /// <summary>Imports through a connection pool of its own (another writer), then waits until the service's catalog
    /// watcher has heard that very version.</summary>
    private async Task ImportAndHearAsync(string datasetId, string csv, string? fileName = null, string? title = null)
    {
        var watcher = await TilesCollection.ListeningWatcherAsync(factory);
        var heard = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(string id, long version)
        {
            if (id == datasetId)
            {
                heard.TrySetResult(version);
            }
        }
        watcher.Changed += OnChanged;
        try
        {
            await using var writer = TestDatabase.Open(factory.ConnectionString);
            var report = await writer.ImportTextAsync(datasetId, fileName ?? $"{datasetId}.csv", csv, title: title);
            (await heard.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(report.Version);
        }
        finally
        {
            watcher.Changed -= OnChanged;
        }
    }
}
