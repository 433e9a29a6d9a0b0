using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Tests.Tiles;

[Trait("Category", "Unit")]
public sealed class TilesOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_match_the_documented_values()
    {
        var options = new TilesOptions();
        options.Problems().ShouldBeEmpty();
        (options.MaxLayers, options.ClusterBelowZoom, options.ClusterGrid, options.MaxTileBytes, options.TileJsonMaxZoom)
            .ShouldBe((10, 14, 64, 500 * 1024, 16));
    }

    [Fact]
    public void Invalid_options_are_each_named()
    {
        var options = new TilesOptions { ClusterGrid = 48, MaxTileBytes = 10, TileJsonMaxZoom = 12, MaxLayers = 0 };
        var validation = new TilesOptionsValidator().Validate(null, options);
        validation.Failed.ShouldBeTrue();
        validation.Failures!.Count().ShouldBe(4);
        validation.FailureMessage.ShouldContain("ClusterGrid");
    }

    [Fact]
    public void Cluster_categories_need_a_field_name_and_a_bounded_count()
    {
        var options = new TilesOptions { ClusterCategories = new() { ["wifi-hk"] = " " }, ClusterCategoryCount = 33 };
        var failures = new TilesOptionsValidator().Validate(null, options).Failures!.ToList();
        failures.Count.ShouldBe(2);
        failures.ShouldContain(f => f.Contains("ClusterCategories:wifi-hk", StringComparison.Ordinal));
        failures.ShouldContain(f => f.Contains("ClusterCategoryCount", StringComparison.Ordinal));
        new TilesOptions { ClusterCategories = new() { ["wifi-hk"] = "VenueTypeEN" }, ClusterCategoryCount = 32 }.Problems().ShouldBeEmpty();
    }
}
