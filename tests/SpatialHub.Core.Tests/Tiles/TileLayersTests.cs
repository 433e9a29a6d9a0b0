using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;

namespace SpatialHub.Core.Tests.Tiles;

[Trait("Category", "Unit")]
public sealed class TileLayersTests
{
    [Fact]
    public void Layers_are_comma_separated_dataset_ids_in_request_order() =>
        TileLayers.Parse("wifi-hk,districts,it-sites").ShouldBe(["wifi-hk", "districts", "it-sites"]);

    [Fact]
    public void More_layers_than_the_maximum_are_refused_naming_both_numbers()
    {
        var error = Should.Throw<TooManyLayersException>(() => TileLayers.Parse("a,b,c,d", maxLayers: 3));
        error.Message.ShouldContain("4");
        error.Message.ShouldContain("3");
        TileLayers.Parse(string.Join(',', Enumerable.Range(0, 10).Select(i => $"l{i}"))).Count.ShouldBe(TileLayers.DefaultMaxLayers);
    }

    [Fact]
    public void A_repeated_layer_is_refused() =>
        Should.Throw<InvalidLayerListException>(() => TileLayers.Parse("wifi-hk,districts,wifi-hk")).Message.ShouldContain("wifi-hk");

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void An_empty_layer_list_is_refused(string? text) =>
        Should.Throw<InvalidLayerListException>(() => TileLayers.Parse(text));

    [Theory]
    [InlineData("wifi-hk,")]
    [InlineData("Wifi")]
    [InlineData("wifi hk")]
    public void A_malformed_id_is_an_invalid_dataset_id(string text) =>
        Should.Throw<InvalidDatasetIdException>(() => TileLayers.Parse(text));
}
