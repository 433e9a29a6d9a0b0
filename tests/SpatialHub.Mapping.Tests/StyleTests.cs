using System.Text.Json.Nodes;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Tests;

[Trait("Category", "Unit")]
public sealed class StyleTests
{
    private static FeatureContext Feature(double zoom, params (string Key, object? Value)[] properties) =>
        new(zoom, properties.ToDictionary(p => p.Key, p => StyleExpression.Normalise(p.Value)), "Point");

    private static object? Eval(string json, FeatureContext context) => StyleExpression.Evaluate(JsonNode.Parse(json), context);

    [Fact]
    public void Interpolate_step_match_case_and_get_evaluate_as_maplibre_defines_them()
    {
        Eval("""["interpolate", ["linear"], ["zoom"], 9, 7, 15, 11]""", Feature(12)).ShouldBe(9d);
        Eval("""["interpolate", ["linear"], ["zoom"], 9, 7, 15, 11]""", Feature(20)).ShouldBe(11d);
        Eval("""["interpolate", ["exponential", 2], ["zoom"], 0, 0, 2, 3]""", Feature(1)).ShouldBe(1d);
        Eval("""["step", ["get", "point_count"], 5, 10, 8, 100, 12]""", Feature(10, ("point_count", 50L))).ShouldBe(8d);
        Eval("""["match", ["get", "category"], "university", "#b02a37", ["a", "b"], "#000000", "#5c6670"]""", Feature(10, ("category", "b")))
            .ShouldBe("#000000");
        Eval("""["case", ["boolean", ["feature-state", "hover"], false], 3, 2]""", Feature(10)).ShouldBe(2d);
        Eval("""["to-string", ["get", "point_count"]]""", Feature(10, ("point_count", 12L))).ShouldBe("12");
        Eval("""["to-number", ["get", "n"], 1]""", Feature(10, ("n", "x"))).ShouldBe(1d);
        Eval("""["!", ["has", "point_count"]]""", Feature(10, ("point_count", 3))).ShouldBe(false);
        Eval("""{"stops": [[10, 1], [20, 3]]}""", Feature(15)).ShouldBe(2d);
    }

    [Fact]
    public void Colours_parse_in_the_forms_styles_use()
    {
        MapColour.TryParse("#0b57a4").ShouldBe(new MapColour(0x0b, 0x57, 0xa4));
        MapColour.TryParse("#fff").ShouldBe(MapColour.White);
        MapColour.TryParse("rgba(0,0,0,0.45)").ShouldBe(new MapColour(0, 0, 0, 0.45));
        MapColour.TryParse("not a colour").ShouldBeNull();
    }

    [Fact]
    public void The_sample_styles_parse_with_their_legends_and_cluster_layers()
    {
        foreach (var file in Directory.GetFiles(Repository.Path("tiles"), "*.json"))
        {
            var sheet = StyleSheet.Parse(File.ReadAllText(file));
            var id = System.IO.Path.GetFileNameWithoutExtension(file);
            sheet.Layers.ShouldAllBe(l => l.SourceLayer == id && l.Dataset == id);
            sheet.Legend.ShouldNotBeEmpty();
        }
        var sites = StyleSheet.Parse(File.ReadAllText(Repository.Path("tiles/it-sites.json")));
        var markers = sites.Layers.Single(l => l.Id == "it-sites:markers");
        markers.Colour("circle-color", Feature(17, ("category", "science_park"))).ShouldBe(MapColour.TryParse("#0b57a4"));
        markers.Selects(Feature(12, ("point_count", 4L))).ShouldBeFalse();
        sites.Layers.Single(l => l.Id == "it-sites:clusters").Selects(Feature(12, ("point_count", 4L))).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Point")]
    [InlineData("MultiLineString")]
    [InlineData("MultiPolygon")]
    public void A_default_style_has_a_stable_colour_per_id_and_is_valid_under_maplibres_validator(string geometryType)
    {
        var style = DefaultStyle.Create("parks-2024", "Parks", geometryType);
        DefaultStyle.ColourOf("parks-2024").ShouldBe(DefaultStyle.ColourOf("parks-2024"));
        new[] { "a", "b", "c", "d", "e", "f" }.Select(DefaultStyle.ColourOf).Distinct().Count().ShouldBeGreaterThan(1);
        var composed = StyleComposer.Compose([style], "https://maps.example.org", "Parks");
        ((string?)composed["sources"]!["parks-2024"]!["url"]).ShouldBe("https://maps.example.org/tiles/parks-2024");
        MapLibreStyleValidator.Validate(composed.ToJsonString(), Repository.Path("")).ShouldBeEmpty();
        new StyleSheet(composed).Legend.Single().Dataset.ShouldBe("parks-2024");
    }
}
