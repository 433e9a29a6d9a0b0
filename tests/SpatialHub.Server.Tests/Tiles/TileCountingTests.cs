using Npgsql;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary>Every feature is counted exactly once over the tiles covering Hong Kong: as clusters below zoom 14, at
/// zoom 14 as clusters of dense cells and single points of sparse ones (the gradual switch), as raw points in exactly
/// one tile's extent from zoom 15 up (buffer copies carry _buffer).</summary>
[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TileCountingTests(SpatialHubFactory factory)
{
    private const long WifiLocations = 5_430;
    private const long WifiHotspots = 43_433;

    private async Task<List<DecodedFeature>> FeaturesAsync(string layer, int z, string query = "")
    {
        var dataset = await TilesCollection.DatasetAsync(factory, layer);
        var client = factory.CreateClient();
        var features = new List<DecodedFeature>();
        foreach (var tile in TilesCollection.Covering(dataset, z))
        {
            features.AddRange((await DecodedTile.GetAsync(client, $"/tiles/{layer}/{tile}.pbf{query}")).Layer(layer));
        }
        return features;
    }

    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(13)]
    public async Task Clusters_over_the_tiles_covering_hong_kong_count_every_wifi_location_once_and_sum_its_hotspots(int z)
    {
        var features = await FeaturesAsync("wifi-hk", z);
        features.Sum(f => f.PointCount).ShouldBe(WifiLocations);
        features.Sum(f => f.LongAttribute("NumberOfHotspots")).ShouldBe(WifiHotspots);
        features.ShouldContain(f => f.IsCluster);
        features.ShouldAllBe(f => f.InExtent, "cluster tiles hold only points they own");
    }

    [Fact]
    public async Task A_single_point_cell_is_sent_as_the_raw_feature_with_its_id_and_attributes()
    {
        var single = (await FeaturesAsync("wifi-hk", 13)).Where(f => !f.IsCluster).ToList();
        single.ShouldNotBeEmpty();
        single.ShouldAllBe(f => f.Id > 0 && f.Attributes.ContainsKey("LocationNameEN"));
    }

    [Theory]
    [InlineData("wifi-hk")]
    [InlineData("lampposts")]
    public async Task At_zoom_14_dense_cells_stay_clusters_and_sparse_points_come_singly_each_point_once(string layer)
    {
        var dataset = await TilesCollection.DatasetAsync(factory, layer);
        var features = await FeaturesAsync(layer, 14);
        features.Sum(f => f.PointCount).ShouldBe(dataset.FeatureCount);
        features.ShouldAllBe(f => f.InExtent, "the gradual switch sends only points a tile owns");
        var maxSingles = new SpatialHub.PostGis.Tiles.TileQueryOptions().GradualClusterMaxSingles;
        features.Where(f => f.IsCluster).ShouldAllBe(f => f.PointCount > maxSingles && f.Id == null);
        var singles = features.Where(f => !f.IsCluster).ToList();
        singles.ShouldNotBeEmpty("sparse points must show as themselves from the threshold up");
        singles.ShouldAllBe(f => f.Id > 0 && f.Attributes.Count > 0);
        singles.Select(f => f.Id).Distinct().Count().ShouldBe(singles.Count);
        features.Count.ShouldBeLessThan((int)dataset.FeatureCount, "dense cells come as one symbol each");
    }

    [Fact]
    public async Task At_zoom_15_the_features_in_extent_are_each_wifi_location_once_and_buffer_copies_are_marked()
    {
        var features = await FeaturesAsync("wifi-hk", 15);
        features.ShouldNotContain(f => f.IsCluster);
        var inExtent = features.Where(f => f.InExtent).ToList();
        inExtent.Count.ShouldBe((int)WifiLocations);
        inExtent.Select(f => f.Id).Distinct().Count().ShouldBe((int)WifiLocations);
        inExtent.Sum(f => f.LongAttribute("NumberOfHotspots")).ShouldBe(WifiHotspots);
        // Buffer copies are there for rendering, drawn just outside the tile's 0..4096 extent.
        var buffered = features.Where(f => !f.InExtent).ToList();
        buffered.ShouldNotBeEmpty();
        buffered.ShouldAllBe(f => f.X < 64 || f.X > 4032 || f.Y < 64 || f.Y > 4032);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    public async Task Within_a_district_keeps_only_the_locations_inside_it_and_clusters_count_only_those(int z)
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        var wifi = await TilesCollection.DatasetAsync(factory, "wifi-hk");
        var districts = await TilesCollection.DatasetAsync(factory, "districts");
        await using var command = data.CreateCommand($"""
            SELECT d.feature_id, array_agg(w.feature_id ORDER BY w.feature_id)
            FROM {districts.FeatureTable} d JOIN {wifi.FeatureTable} w ON ST_Intersects(w.geom_3857, d.geom_3857)
            GROUP BY d.feature_id ORDER BY count(*) DESC LIMIT 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        var (district, inside) = (reader.GetInt64(0), reader.GetFieldValue<long[]>(1));
        inside.Length.ShouldBeInRange(1, (int)WifiLocations - 1);

        var features = await FeaturesAsync("wifi-hk", z, $"?within=districts:{district}");
        features.Where(f => f.InExtent).Sum(f => f.PointCount).ShouldBe(inside.Length);
        if (z >= 15)
        {
            features.Where(f => f.InExtent).Select(f => (long)f.Id!.Value).Order().ShouldBe(inside);
        }
    }

    [Fact]
    public void Tiles_covering_hong_kong_at_zoom_14_are_a_few_hundred()
    {
        WebMercator.CountCovering(113.83, 22.15, 114.44, 22.57, 14).ShouldBeInRange(300, 1_000);
    }
}
