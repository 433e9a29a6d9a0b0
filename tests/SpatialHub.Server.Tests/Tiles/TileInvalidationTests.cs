using System.Net;
using Npgsql;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

[Collection(TilesCollection.Name)]
public sealed class TileInvalidationTests(SpatialHubFactory factory)
{
    [Fact]
    public async Task A_reimport_by_another_writer_changes_the_very_next_tile_response()
    {
        var client = factory.CreateClient();
        var before = await client.GetAsync("/tiles/it-sites/0/0/0");
        before.StatusCode.ShouldBe(HttpStatusCode.OK);
        var countBefore = DecodedTile.Decode(await before.Content.ReadAsByteArrayAsync()).Layer("it-sites").Sum(f => f.PointCount);
        countBefore.ShouldBe(27);
        (await client.GetAsync("/tiles/it-sites/0/0/0")).Headers.ETag.ShouldBe(before.Headers.ETag, "cached and unchanged until the import");

        // Another writer (as the import CLI does, with its own connection pool) replaces it-sites with its first 10 rows.
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryPaths.DataSamples, "it-sites-hk1980.csv"));
        var csv = string.Join('\n', lines.Take(11)) + "\n";
        await using (var writer = NpgsqlDataSource.Create(factory.ConnectionString))
        await using (var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv)))
        {
            var reader = FeatureReaders.Open(stream, new ReaderOptions("it-sites-hk1980.csv"), format: null);
            await new DatasetImporter(writer).ImportAsync(new ImportRequest("it-sites", "Innovation and technology sites", "it-sites-hk1980.csv", null), reader);
        }

        var after = await client.GetAsync("/tiles/it-sites/0/0/0");
        after.Headers.ETag.ShouldNotBe(before.Headers.ETag);
        DecodedTile.Decode(await after.Content.ReadAsByteArrayAsync()).Layer("it-sites").Sum(f => f.PointCount).ShouldBe(10);
    }
}
