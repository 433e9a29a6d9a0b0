using System.Net;
using System.Text;
using SpatialHub.Server.Tests.Browser;

namespace SpatialHub.Server.Tests.Changes;

/// <summary>The changes toggle of the map's Analytics panel in headless Chromium: each change drawn in its colour.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChangesMapTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task The_toggle_draws_added_removed_and_modified_features_in_three_colours()
    {
        const string id = "changes-map-sites";
        var writer = fixture.CreateWriter();
        foreach (var csv in new[] { ChangesFixture.SitesV1, ChangesFixture.SitesV2 })
        {
            (await writer.PutAsync($"/api/datasets/{id}?key=code", new StringContent(csv, Encoding.UTF8, "text/csv"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        try
        {
            await using var page = await fixture.OpenAsync("/#11/22.33/114.13");
            await page.Page.Locator("#analytics summary").ClickAsync();
            await page.Page.Locator("#changes-dataset").SelectOptionAsync(id);
            await page.Page.Locator("#changes-toggle").CheckAsync();
            await page.Page.Locator("#changes-status").GetByText("1 added, 1 removed, 2 moved").WaitForAsync();
            await page.WaitIdleAsync();

            var drawn = await page.EvaluateAsync<string[]>("""
                () => window.spatialhubMap.queryRenderedFeatures({ layers: ['changes-points'] })
                    .map((f) => `${f.properties.key}:${f.properties.change}:${f.layer.paint['circle-color'].toString()}`)
                """);
            // A is unchanged and B moved 0.5 m: neither is drawn. Colours as MapLibre reports them (rgba of the hex).
            drawn.Select(d => d.Split(':')[0]).Distinct().Order().ShouldBe(["C", "D", "E", "F", "G"]);
            var colours = drawn.GroupBy(d => d.Split(':')[1]).ToDictionary(g => g.Key, g => g.Select(d => d.Split(':')[2]).Distinct().Single());
            colours.Keys.Order().ShouldBe(["added", "modified", "removed"]);
            colours.Values.Distinct().Count().ShouldBe(3, "three colours");
            colours["added"].ShouldBe("rgba(0,114,178,1)");
            (await page.Page.Locator("#changes-legend li").CountAsync()).ShouldBe(3);
            await page.ScreenshotAsync("changes-map.png");

            await page.Page.Locator("#changes-toggle").UncheckAsync();
            (await page.EvaluateAsync<bool>("() => !window.spatialhubMap.getLayer('changes-points')")).ShouldBeTrue();
            page.ShouldHaveNoScriptErrorsOrForeignRequests();
        }
        finally
        {
            await writer.DeleteAsync($"/api/datasets/{id}");
        }
    }
}
