using System.Net;
using System.Text;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>An uploaded attribution with markup, as Chromium shows it in MapLibre's attribution box: text and http(s)
/// links only, no live image or script link.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AttributionBrowserTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task Markup_in_an_attribution_does_not_render_live_in_the_map()
    {
        const string id = "sec-attribution-map";
        const string attribution = "<a href=\"https://data.gov.hk/\">DATA.GOV.HK</a> <img src=\"x\" onerror=\"window.hit=1\"> <a href=\"javascript:window.hit=2\">click</a>";
        var writer = fixture.CreateWriter();
        (await writer.PutAsync($"/api/datasets/{id}?attribution={Uri.EscapeDataString(attribution)}",
            new StringContent("name,Latitude,Longitude\nA,22.2870,114.1650\n", Encoding.UTF8, "text/csv"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        try
        {
            await using var page = await fixture.OpenAsync($"/embed?layers={id}#13/22.2870/114.1650", 800, 500);
            await page.RenderedCountsAsync();

            var box = page.Page.Locator(".maplibregl-ctrl-attrib-inner");
            (await box.InnerTextAsync()).ShouldContain("DATA.GOV.HK");
            (await box.Locator("img").CountAsync()).ShouldBe(0);
            (await box.Locator("a[href^='javascript']").CountAsync()).ShouldBe(0);
            (await box.Locator("a[href='https://data.gov.hk/']").CountAsync()).ShouldBe(1);
            (await page.EvaluateAsync<bool>("() => window.hit === undefined")).ShouldBeTrue();
        }
        finally
        {
            await writer.DeleteAsync($"/api/datasets/{id}");
        }
    }
}
