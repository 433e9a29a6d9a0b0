using System.Net;
using Npgsql;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary>While the catalog watcher listens, plain tile URLs, TileJSON and <c>/catalog</c> need no database round
/// trip: with the catalog table locked by another session (every query on it would wait), they still answer.</summary>
[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TilesFromMemoryTests(SpatialHubFactory factory)
{
    private static readonly string[] Paths = ["/tiles/wifi-hk/10/836/446", "/tiles/wifi-hk,districts/12/3347/1787.pbf", "/tiles/wifi-hk", "/catalog"];

    [Fact]
    public async Task Plain_tile_urls_tilejson_and_the_catalog_answer_while_the_catalog_table_is_locked()
    {
        await TilesCollection.ListeningWatcherAsync(factory);
        var client = factory.CreateClient();
        var warm = new Dictionary<string, HttpResponseMessage>();
        foreach (var path in Paths)
        {
            warm[path] = await client.GetAsync(path);
            warm[path].StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }

        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        await using var connection = await data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE spatialhub.datasets IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        try
        {
            // A request that reached the catalog table would wait for the lock until the transaction ends.
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            foreach (var path in Paths)
            {
                var response = await client.GetAsync(path, patience.Token);
                response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
                (await response.Content.ReadAsByteArrayAsync()).ShouldBe(await warm[path].Content.ReadAsByteArrayAsync(), path);
            }
        }
        finally
        {
            await transaction.RollbackAsync();
        }
    }

    [Theory]
    [InlineData("/tiles/wifi-hk/10/836/446", "gzip")]
    [InlineData("/tiles/wifi-hk,districts/12/3347/1787.pbf", "br, gzip")]
    [InlineData("/tiles/lampposts/12/3347/1787.mvt", null)]
    [InlineData("/tiles/wifi-hk/0/0/0", "gzip;q=0, identity")]
    public async Task A_cached_tile_from_memory_gets_the_same_response_as_its_first_render(string path, string? acceptEncoding)
    {
        await TilesCollection.ListeningWatcherAsync(factory);
        var client = factory.CreateClient();
        var layers = path.Split('/')[2];
        var token = (await client.GetStringAsync($"/tiles/{layers}")).Split("?v=")[1].Split('"')[0];
        foreach (var url in new[] { path, $"{path}?v={token}" })
        {
            var first = await GetAsync(client, url, acceptEncoding);
            first.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            var again = await GetAsync(client, url, acceptEncoding);
            again.StatusCode.ShouldBe(first.StatusCode, url);
            Headers(again).ShouldBe(Headers(first), url);
            (await again.Content.ReadAsByteArrayAsync()).ShouldBe(await first.Content.ReadAsByteArrayAsync(), url);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        return await client.SendAsync(request);
    }

    private static string Headers(HttpResponseMessage response) => string.Join('\n',
        response.Headers.Concat(response.Content.Headers).Where(h => h.Key != "Date")
            .Select(h => $"{h.Key}: {string.Join(',', h.Value)}").Order(StringComparer.Ordinal));
}
