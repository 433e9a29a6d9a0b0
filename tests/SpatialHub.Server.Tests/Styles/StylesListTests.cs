using System.Net.Http.Json;
using System.Text.Json;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Styles;

/// <summary><c>GET /styles</c> lists a style per dataset (from its file under tiles/) and one of all, and each
/// stylesheet link opens a MapLibre style document.</summary>
[Trait("Category", "Integration")]
public sealed class StylesListTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task Styles_lists_each_dataset_and_every_link_is_a_style_document()
    {
        var client = factory.CreateClient();
        var list = await client.GetFromJsonAsync<JsonElement>("/styles");
        var styles = list.GetProperty("styles").EnumerateArray().ToList();
        styles.Select(s => s.GetProperty("id").GetString()).ShouldContain("wifi-hk");
        styles.Single(s => s.GetProperty("id").GetString() == "wifi-hk").GetProperty("source").GetString().ShouldBe("file");
        styles.Count.ShouldBe(6);
        foreach (var style in styles)
        {
            var link = style.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "stylesheet");
            link.GetProperty("type").GetString().ShouldBe("application/vnd.mapbox.style+json");
            var document = await client.GetFromJsonAsync<JsonElement>(link.GetProperty("href").GetString());
            document.GetProperty("version").GetInt32().ShouldBe(8);
            document.GetProperty("layers").GetArrayLength().ShouldBeGreaterThan(0);
        }
    }
}
