using SpatialHub.Core.Tiles;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tests;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tests.Features;
using SpatialHub.Server.Tests.Infrastructure;
using SpatialHub.Server.Tests.Tiles;

namespace SpatialHub.Server.Tests.Styles;

/// <summary>Categorical styling at city scale: the Wi-Fi.HK style colours a cluster by the dominant venue type its
/// tile carries (ClusterCategories in appsettings.json), and stays valid under MapLibre's own validator.</summary>
[Trait("Category", "Integration")]
public sealed class CategoryClusterStyleTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task Wifi_clusters_at_city_scale_take_the_colour_of_their_dominant_venue_type()
    {
        var client = factory.CreateClient();
        var json = await client.GetStringAsync("/styles/wifi-hk");
        MapLibreStyleValidator.Validate(json, RepositoryPaths.Root).ShouldBeEmpty();
        var clusters = StyleSheet.Parse(json).Layers.Single(l => l.Id == "wifi-hk:clusters");

        var wifi = await TilesCollection.DatasetAsync(factory, "wifi-hk");
        var colours = new HashSet<MapColour>();
        var welfare = 0;
        foreach (var tile in TilesCollection.Covering(wifi, 11))
        {
            var decoded = await DecodedTile.GetAsync(client, $"/tiles/wifi-hk/{tile.Z}/{tile.X}/{tile.Y}");
            foreach (var cluster in decoded.Layer("wifi-hk").Where(f => f.IsCluster))
            {
                var context = new FeatureContext(tile.Z, cluster.Attributes.ToDictionary(a => a.Key, a => (object?)a.Value), "Point");
                clusters.Selects(context).ShouldBeTrue();
                var colour = clusters.Colour("circle-color", context).ShouldNotBeNull();
                colours.Add(colour);
                if ((string)cluster.Attributes[ClusterCategorySql.DominantAttribute] == "Welfare Service Units")
                {
                    colour.ShouldBe(MapColour.TryParse("#1f5f99")!.Value);
                    welfare++;
                }
            }
        }
        welfare.ShouldBeGreaterThan(0);
        var fields = (await client.GetJsonAsync("/tiles/wifi-hk")).GetProperty("vector_layers")[0].GetProperty("fields");
        fields.GetProperty(ClusterCategorySql.DominantAttribute).GetString().ShouldBe("String: a cluster's most frequent VenueTypeEN");
        fields.GetProperty(ClusterCategorySql.OtherCountAttribute).GetString()!.ShouldStartWith("Number");
        colours.Count.ShouldBeGreaterThanOrEqualTo(4, "clusters of different dominant venue types differ in colour");
    }
}
