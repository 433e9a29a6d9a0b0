using System.Net.Http.Json;
using System.Text.Json;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TileJsonTests(SpatialHubFactory factory)
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(
        Path.Combine(RepositoryPaths.Root, "tests", "SpatialHub.Server.Tests", "Fixtures", "tilejson-3.0.0.schema.json"))).RootElement;

    [Fact]
    public async Task Tilejson_has_the_members_and_types_the_3_0_0_schema_requires()
    {
        var tilejson = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/tiles/wifi-hk,districts");
        foreach (var required in Schema.GetProperty("required").EnumerateArray())
        {
            tilejson.TryGetProperty(required.GetString()!, out _).ShouldBeTrue(required.GetString());
        }
        foreach (var member in tilejson.EnumerateObject())
        {
            Schema.GetProperty("properties").TryGetProperty(member.Name, out var rule).ShouldBeTrue($"{member.Name} is not a TileJSON member");
            ShouldMatchType(member.Value, rule, member.Name);
        }
        tilejson.GetProperty("tilejson").GetString()!.ShouldMatch(Schema.GetProperty("properties").GetProperty("tilejson").GetProperty("pattern").GetString()!);
        var layerRule = Schema.GetProperty("properties").GetProperty("vector_layers").GetProperty("items");
        foreach (var layer in tilejson.GetProperty("vector_layers").EnumerateArray())
        {
            foreach (var required in layerRule.GetProperty("required").EnumerateArray())
            {
                layer.TryGetProperty(required.GetString()!, out _).ShouldBeTrue(required.GetString());
            }
            foreach (var member in layer.EnumerateObject())
            {
                ShouldMatchType(member.Value, layerRule.GetProperty("properties").GetProperty(member.Name), member.Name);
            }
            layer.GetProperty("fields").EnumerateObject().ShouldAllBe(f => f.Value.ValueKind == JsonValueKind.String);
        }
    }

    [Fact]
    public async Task Tilejson_describes_the_layers_bounds_zooms_and_attribution_of_the_datasets()
    {
        var tilejson = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/tiles/wifi-hk,districts");
        tilejson.GetProperty("vector_layers").EnumerateArray().Select(l => l.GetProperty("id").GetString()).ShouldBe(["wifi-hk", "districts"]);
        var wifi = tilejson.GetProperty("vector_layers")[0].GetProperty("fields");
        wifi.GetProperty("NumberOfHotspots").GetString().ShouldBe("Number");
        wifi.GetProperty("LocationNameEN").GetString().ShouldBe("String");
        tilejson.GetProperty("minzoom").GetInt32().ShouldBe(0);
        tilejson.GetProperty("maxzoom").GetInt32().ShouldBeGreaterThanOrEqualTo(16);
        var bounds = tilejson.GetProperty("bounds").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        bounds[0].ShouldBeInRange(113.8, 114.0);
        bounds[3].ShouldBeInRange(22.5, 22.6);
        var center = tilejson.GetProperty("center").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        center[0].ShouldBeInRange(bounds[0], bounds[2]);
        center[1].ShouldBeInRange(bounds[1], bounds[3]);
        var attribution = tilejson.GetProperty("attribution").GetString()!;
        attribution.ShouldContain("Wi-Fi.HK");
        attribution.ShouldContain("Census and Statistics Department");
    }

    private static void ShouldMatchType(JsonElement value, JsonElement rule, string name)
    {
        var type = rule.GetProperty("type").GetString();
        var ok = type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "array" => value.ValueKind == JsonValueKind.Array,
            "object" => value.ValueKind == JsonValueKind.Object,
            _ => true,
        };
        ok.ShouldBeTrue($"{name} should be a {type}");
        if (type == "array" && rule.TryGetProperty("items", out var items) && items.TryGetProperty("type", out _))
        {
            foreach (var item in value.EnumerateArray())
            {
                ShouldMatchType(item, items, name + "[]");
            }
        }
        if (rule.TryGetProperty("minimum", out var min))
        {
            value.GetDouble().ShouldBeGreaterThanOrEqualTo(min.GetDouble(), name);
        }
        if (rule.TryGetProperty("maximum", out var max))
        {
            value.GetDouble().ShouldBeLessThanOrEqualTo(max.GetDouble(), name);
        }
    }
}
