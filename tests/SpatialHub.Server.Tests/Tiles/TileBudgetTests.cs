using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TileBudgetTests(SpatialHubFactory factory)
{
    private static readonly string[] Datasets = ["it-sites", "wifi-hk", "lampposts", "smart-lampposts", "districts"];

    /// <summary>Data-bearing tiles at <paramref name="z"/>: the densest ones and an even sample of the rest,
    /// found from each feature's representative point with the same tile maths the tests check elsewhere.</summary>
    private static async Task<IReadOnlyList<TileCoord>> DataTilesAsync(NpgsqlDataSource data, Dataset dataset, int z, int densest, int sample)
    {
        await using var command = data.CreateCommand($"SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_PointOnSurface(geom) AS p FROM {dataset.FeatureTable}) s");
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<TileCoord, int>();
        while (await reader.ReadAsync())
        {
            var tile = WebMercator.TileContaining(reader.GetDouble(0), reader.GetDouble(1), z);
            counts[tile] = counts.GetValueOrDefault(tile) + 1;
        }
        var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key.X).ThenBy(c => c.Key.Y).Select(c => c.Key).ToList();
        var step = Math.Max(1, ordered.Count / sample);
        return ordered.Take(densest).Concat(ordered.Where((_, i) => i % step == 0)).Distinct().ToList();
    }

    [Fact]
    public async Task No_tile_of_any_sample_dataset_exceeds_the_500_kb_budget_from_zoom_0_to_16()
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var client = factory.CreateClient();
        var checkedTiles = 0;
        var largest = 0;
        foreach (var id in Datasets)
        {
            var dataset = await TilesCollection.DatasetAsync(factory, id);
            for (var z = 0; z <= 16; z++)
            {
                var tiles = z <= 11 ? TilesCollection.Covering(dataset, z).ToList() : await DataTilesAsync(data, dataset, z, densest: 5, sample: 10);
                foreach (var tile in tiles)
                {
                    var decoded = await DecodedTile.GetAsync(client, $"/tiles/{id}/{tile}");
                    decoded.Bytes.ShouldBeLessThanOrEqualTo(TileQueryOptions.DefaultMaxTileBytes, $"{id} {tile}");
                    largest = Math.Max(largest, decoded.Bytes);
                    checkedTiles++;
                }
            }
        }
        checkedTiles.ShouldBeGreaterThan(300);
        largest.ShouldBeGreaterThan(10_000, "the check must include substantial tiles");
    }

    [Fact]
    public async Task A_tile_over_a_small_budget_is_rendered_again_with_less_detail_until_it_fits()
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var lampposts = await TilesCollection.DatasetAsync(factory, "lampposts");
        var densest = (await DataTilesAsync(data, lampposts, 15, densest: 1, sample: 1))[0];
        var full = await new TileRenderer(data, new TileQueryOptions()).RenderAsync([lampposts], densest, null);
        full.Detail.Level.ShouldBe(0);

        const int budget = 8 * 1024;
        full.Bytes.Length.ShouldBeGreaterThan(budget, "the tile must start over the small budget");
        var fitted = await new TileRenderer(data, new TileQueryOptions { MaxTileBytes = budget }).RenderAsync([lampposts], densest, null);
        fitted.Bytes.Length.ShouldBeLessThanOrEqualTo(budget);
        fitted.Detail.Level.ShouldBeGreaterThan(0);
        DecodedTile.Decode(fitted.Bytes).Layer("lampposts").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Dropping_detail_at_cluster_zooms_keeps_the_counts_exact()
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var wifi = await TilesCollection.DatasetAsync(factory, "wifi-hk");
        var renderer = new TileRenderer(data, new TileQueryOptions { MaxTileBytes = 2048 });
        long total = 0;
        foreach (var tile in TilesCollection.Covering(wifi, 11))
        {
            var rendered = await renderer.RenderAsync([wifi], tile, null);
            rendered.Bytes.Length.ShouldBeLessThanOrEqualTo(2048);
            total += DecodedTile.Decode(rendered.Bytes).Layer("wifi-hk").Sum(f => f.PointCount);
        }
        total.ShouldBe(5_430);
    }
}
