using System.Text.Json;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>Fields come in the source file's column order everywhere: the catalog, items (single and paged), CSV and
/// TileJSON's vector_layers. The reference is the header line of the sample file itself.</summary>
[Trait("Category", "Integration")]
public sealed class FieldOrderTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task Catalog_items_csv_and_vector_layers_keep_the_source_column_order()
    {
        // it-sites-hk1980.csv: the easting/northing columns become the geometry and stay attributes too.
        var header = (await File.ReadAllLinesAsync(RepositoryPaths.Sample("it-sites-hk1980.csv")))[0].Split(',');
        var client = factory.CreateClient();
        var catalog = (await client.GetJsonAsync("/api/datasets/it-sites")).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        catalog.ShouldBe(header.Where(catalog.Contains).ToList());
        catalog.Count.ShouldBeGreaterThan(5);

        var page = await client.GetJsonAsync("/collections/it-sites/items?limit=1000");
        foreach (var feature in page.GetProperty("features").EnumerateArray())
        {
            var names = feature.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            names.ShouldBe(catalog.Where(names.Contains).ToList());
        }
        var first = page.GetProperty("features")[0];
        var single = await client.GetJsonAsync($"/collections/it-sites/items/{first.GetProperty("id").GetInt64()}");
        single.GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(first.GetProperty("properties").EnumerateObject().Select(p => p.Name));

        var csv = await client.GetStringAsync("/collections/it-sites/items?f=csv");
        // Then WGS 84 once and the HK1980 Grid position every planner's CSV carries.
        csv.Split("\r\n")[0].Split(',').ShouldBe([.. catalog, "longitude", "latitude", "easting_hk1980", "northing_hk1980"]);

        var tileJson = await client.GetJsonAsync("/tiles/it-sites");
        var fields = tileJson.GetProperty("vector_layers")[0].GetProperty("fields").EnumerateObject().Select(p => p.Name).ToList();
        fields.Take(catalog.Count).ShouldBe(catalog);
    }
}
