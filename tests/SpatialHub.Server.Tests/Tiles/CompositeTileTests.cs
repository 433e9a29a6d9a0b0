using Microsoft.Extensions.DependencyInjection;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Tests.Infrastructure;
using SpatialHub.Server.Tests.Tiles.Mvt;

namespace SpatialHub.Server.Tests.Tiles;

[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CompositeTileTests(SpatialHubFactory factory)
{
    // Central, Hong Kong Island: lampposts, Wi-Fi and the district boundaries all meet here.
    private static readonly TileCoord Central = WebMercator.TileContaining(114.158, 22.282, 15);

    [Fact]
    public async Task A_composite_tile_holds_one_layer_per_requested_dataset_named_by_its_id()
    {
        var tile = await DecodedTile.GetAsync(factory.CreateClient(), $"/tiles/lampposts,wifi-hk,districts/{Central}");
        tile.Layers.Keys.ShouldBe(["lampposts", "wifi-hk", "districts"], ignoreOrder: true);
        tile.Layer("lampposts").ShouldAllBe(f => f.Type == Tile.Types.GeomType.Point && f.Id > 0);
        tile.Layer("districts").ShouldAllBe(f => f.Type == Tile.Types.GeomType.Polygon);
        tile.Layer("wifi-hk").ShouldContain(f => f.Attributes.ContainsKey("NumberOfHotspots"));
    }

    [Fact]
    public async Task Each_layer_of_a_composite_tile_is_the_same_as_that_layer_alone()
    {
        var client = factory.CreateClient();
        var composite = await DecodedTile.GetAsync(client, $"/tiles/lampposts,districts/{Central}");
        foreach (var layer in new[] { "lampposts", "districts" })
        {
            var alone = await DecodedTile.GetAsync(client, $"/tiles/{layer}/{Central}");
            composite.Layer(layer).Select(f => (f.Id, f.X, f.Y)).ShouldBe(alone.Layer(layer).Select(f => (f.Id, f.X, f.Y)));
        }
    }

    [Fact]
    public async Task The_tile_query_searches_the_web_mercator_gist_index()
    {
        var source = factory.Services.GetRequiredService<SpatialHub.PostGis.Tiles.PostGisTileSource>();
        var set = await source.ResolveAsync("lampposts", null, CancellationToken.None);
        var (sql, parameters) = source.Statement(set, WebMercator.TileContaining(114.158, 22.282, 16));
        await using var data = Npgsql.NpgsqlDataSource.Create(factory.ConnectionString);
        await using var explain = data.CreateCommand("EXPLAIN " + sql);
        explain.Parameters.AddRange(parameters.ToArray());
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }
        string.Join('\n', plan).ShouldMatch("Index (Only )?Scan|Bitmap Index Scan", string.Join('\n', plan));
        string.Join('\n', plan).ShouldContain("geom_3857_idx");
    }
}
