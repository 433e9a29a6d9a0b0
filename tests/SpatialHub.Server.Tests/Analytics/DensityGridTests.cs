using System.Net;
using SpatialHub.Server.Tests.Tiles;

namespace SpatialHub.Server.Tests.Analytics;

[Trait("Category", "Integration")]
public sealed class DensityGridTests(AnalyticsFixture factory) : IClassFixture<AnalyticsFixture>
{
    [Theory]
    [InlineData(250)]
    [InlineData(1000)]
    public async Task Cell_counts_match_postgis_square_grid_cells_aligned_on_the_hk1980_origin(int cell)
    {
        var answer = await factory.GetJsonAsync($"/api/analytics/grid?dataset=wifi-hk&cell={cell}");
        var wifi = await factory.TableAsync("wifi-hk");
        // The outside judge: the cell ST_SquareGrid (aligned on the SRS origin) makes around each point, not floor().
        var expected = await factory.RowsAsync($"""
            WITH p AS (SELECT ST_Transform(geom, 2326) AS g FROM {wifi})
            SELECT g.i, g.j, count(*) FROM p CROSS JOIN LATERAL ST_SquareGrid({cell}, p.g) g
            WHERE ST_Intersects(g.geom, p.g) GROUP BY g.i, g.j ORDER BY g.i, g.j
            """, r => (I: (long)r.GetInt32(0), J: (long)r.GetInt32(1), Count: r.GetInt64(2)));

        var cells = answer.GetProperty("cells").EnumerateArray()
            .Select(c => (I: c.GetProperty("i").GetInt64(), J: c.GetProperty("j").GetInt64(), Count: c.GetProperty("count").GetInt64())).ToList();
        cells.ShouldBe(expected);
        answer.GetProperty("counted").GetInt64().ShouldBe(await factory.ScalarAsync<long>($"SELECT count(*) FROM {wifi}"));
        cells.First().I.ShouldBe(answer.GetProperty("cells")[0].GetProperty("x_min").GetInt64() / cell);
    }

    [Fact]
    public async Task A_grid_tile_carries_the_whole_count_of_every_cell_it_touches_in_a_layer_no_dataset_can_be_named()
    {
        var grid = await factory.GetJsonAsync("/api/analytics/grid?dataset=wifi-hk&cell=500");
        var counts = grid.GetProperty("cells").EnumerateArray()
            .ToDictionary(c => (c.GetProperty("i").GetInt64(), c.GetProperty("j").GetInt64()), c => c.GetProperty("count").GetInt64());
        var template = grid.GetProperty("tiles").GetString()!;
        // Central and Wan Chai at zoom 12 and 13: tiles whose edges cut through cells.
        foreach (var (z, x, y) in new[] { (12, 3347, 1786), (13, 6694, 3572), (13, 6695, 3572) })
        {
            var tile = await DecodedTile.GetAsync(factory.CreateClient(), template.Replace("{z}", $"{z}").Replace("{x}", $"{x}").Replace("{y}", $"{y}"));
            var features = tile.Layer("@grid");
            features.ShouldNotBeEmpty();
            tile.Layers.Keys.ShouldBe(["@grid"]);
            foreach (var feature in features)
            {
                feature.LongAttribute("count").ShouldBe(counts[(feature.LongAttribute("i"), feature.LongAttribute("j"))]);
            }
        }
        // Below the zoom where a 500 m cell is a pixel wide, no cells are drawn.
        (await factory.CreateClient().GetAsync("/tiles/@grid/wifi-hk/500/8/209/111")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Csv_lists_each_cell_with_its_hk1980_bounds()
    {
        var response = await factory.CreateClient().GetAsync("/api/analytics/grid?dataset=probes&cell=100&f=csv");
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("i,j,x_min,y_min,x_max,y_max,count");
        lines.Skip(1).Sum(l => long.Parse(l.Split(',')[6], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(5);
        var first = lines[1].Split(',').Select(v => long.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        (first[2], first[3], first[4], first[5]).ShouldBe((first[0] * 100, first[1] * 100, first[0] * 100 + 100, first[1] * 100 + 100));
    }
}
