using System.Net.Http.Json;
using System.Text.Json;
using SpatialHub.Server.Tests.Browser;

namespace SpatialHub.Server.Tests.Analytics;

/// <summary>The analytics panel of the planners' map in headless Chromium.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AnalyticsMapTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task Zone_statistics_draw_a_choropleth_with_a_table_a_quantile_legend_and_a_csv_link()
    {
        await using var page = await fixture.OpenAsync("/#10/22.35/114.15");
        await page.Page.Locator("#analytics summary").ClickAsync();
        await page.Page.Locator("#analytics-kind").SelectOptionAsync("zones");
        await page.Page.Locator("#analytics-dataset").SelectOptionAsync("wifi-hk");
        await page.Page.Locator("#analytics-zones").SelectOptionAsync("districts");
        await page.Page.Locator("#analytics-run").ClickAsync();
        await page.Page.Locator("#analytics-table tbody tr").Nth(17).WaitForAsync();
        await page.WaitIdleAsync();

        (await page.Page.Locator("#analytics-table tbody tr").CountAsync()).ShouldBe(18);
        var answer = await fixture.CreateClient().GetFromJsonAsync<JsonElement>("/api/analytics/zones?dataset=wifi-hk&zones=districts");
        var densest = answer.GetProperty("results").EnumerateArray().MaxBy(z => z.GetProperty("density_km2").GetDouble());
        (await page.Page.Locator("#analytics-table tbody tr").First.Locator("td").First.TextContentAsync()).ShouldBe(densest.GetProperty("name").GetString());
        (await page.Page.Locator("#analytics-legend li").CountAsync()).ShouldBe(5);
        (await page.Page.Locator("#analytics-csv").GetAttributeAsync("href"))!.ShouldContain("f=csv");
        var drawn = await page.EvaluateAsync<int>("() => window.spatialhubMap.queryRenderedFeatures({ layers: ['analytics-fill'] }).length");
        drawn.ShouldBeGreaterThan(0);
        await page.ScreenshotAsync("analytics-choropleth.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task The_density_grid_is_drawn_from_grid_tiles_and_proximity_colours_the_sites()
    {
        await using var page = await fixture.OpenAsync("/#13/22.2870/114.1650");
        await page.Page.Locator("#analytics summary").ClickAsync();
        await page.Page.Locator("#analytics-kind").SelectOptionAsync("grid");
        await page.Page.Locator("#analytics-dataset").SelectOptionAsync("wifi-hk");
        await page.Page.Locator("#analytics-run").ClickAsync();
        await page.Page.Locator("#analytics-status").GetByText("cells hold").WaitForAsync();
        await page.WaitIdleAsync();
        (await page.EvaluateAsync<int>("() => window.spatialhubMap.queryRenderedFeatures({ layers: ['analytics-grid'] }).length")).ShouldBeGreaterThan(0);

        await page.Page.Locator("#analytics-kind").SelectOptionAsync("proximity");
        await page.Page.Locator("#analytics-dataset").SelectOptionAsync("it-sites");
        await page.Page.Locator("#analytics-to").SelectOptionAsync("smart-lampposts");
        await page.Page.Locator("#analytics-run").ClickAsync();
        await page.Page.Locator("#analytics-status").GetByText("median").WaitForAsync();
        await page.WaitIdleAsync();
        (await page.EvaluateAsync<int>("() => window.spatialhubMap.queryRenderedFeatures({ layers: ['analytics-points'] }).length")).ShouldBeGreaterThan(0);
        (await page.EvaluateAsync<bool>("() => !window.spatialhubMap.getLayer('analytics-grid')")).ShouldBeTrue();
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }
}
