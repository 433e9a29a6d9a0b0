using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>The planners' map at <c>/</c> in headless Chromium, on the service's own tiles and APIs.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlannersMapTests(MapPagesFixture fixture)
{
    private static readonly string[] SampleLayers = ["districts", "it-sites", "wifi-hk", "lampposts", "smart-lampposts"];

    /// <summary>Central, Wan Chai and Tsim Sha Tsui: every sample dataset has features here.</summary>
    private const string HarbourView = "/#13/22.2870/114.1650";

    [Fact]
    public async Task The_map_renders_features_of_every_sample_layer_from_the_services_own_tiles()
    {
        await using var page = await fixture.OpenAsync(HarbourView);

        var counts = await page.RenderedCountsAsync();
        foreach (var dataset in SampleLayers)
        {
            counts.GetValueOrDefault(dataset).ShouldBeGreaterThan(0, $"{dataset} should be drawn; drawn: {string.Join(", ", counts)}");
        }
        (await page.Page.Locator("#layer-wifi-hk-count").TextContentAsync() ?? "").ShouldMatch(@"^[\d,]+ in view$");
        (await page.Page.Locator("#in-view-list li").CountAsync()).ShouldBeGreaterThan(0);
        await page.ScreenshotAsync("planners-map.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task Switching_a_layer_off_removes_its_features_and_records_the_layers_in_the_share_link()
    {
        await using var page = await fixture.OpenAsync(HarbourView);
        (await page.RenderedCountsAsync()).GetValueOrDefault("wifi-hk").ShouldBeGreaterThan(0);

        await page.Page.Locator("#layer-wifi-hk").UncheckAsync();
        await page.WaitIdleAsync();

        var counts = await page.RenderedCountsAsync();
        counts.GetValueOrDefault("wifi-hk").ShouldBe(0);
        counts.GetValueOrDefault("it-sites").ShouldBeGreaterThan(0);
        var url = new Uri(page.Page.Url);
        url.Query.ShouldContain("layers=");
        url.Query.ShouldNotContain("wifi-hk");
        url.Fragment.ShouldStartWith("#13");

        // The share link restores the layers and the view.
        await page.GotoAsync(page.Page.Url);
        (await page.Page.Locator("#layer-wifi-hk").IsCheckedAsync()).ShouldBeFalse();
        (await page.RenderedCountsAsync()).GetValueOrDefault("wifi-hk").ShouldBe(0);
        (await page.EvaluateAsync<double>("() => window.spatialhubMap.getZoom()")).ShouldBe(13, 0.01);
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task Clicking_an_IT_site_opens_a_popup_with_its_attributes_and_Escape_closes_it()
    {
        await using var page = await fixture.OpenAsync("/#12/22.3400/114.1800");
        var site = (await page.RenderedFeaturesAsync("it-sites")).First(f => !f.IsCluster && f.X is > 400 and < 1200 && f.Y is > 50 and < 750);

        await page.Page.Mouse.ClickAsync((float)site.X!.Value, (float)site.Y!.Value);

        var popup = page.Page.Locator(".maplibregl-popup");
        await popup.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        var text = await popup.TextContentAsync() ?? "";
        (await popup.Locator("h3").TextContentAsync()).ShouldBe(site.Properties["name_en"].GetString());
        (await popup.Locator("th").AllTextContentsAsync()).ShouldContain("Category");
        text.ShouldNotContain("name_en", Case.Sensitive, "fields are shown by their labels (tiles/it-sites.json presentation)");
        await page.ScreenshotAsync("planners-popup.png");
        await page.Page.Keyboard.PressAsync("Escape");
        (await popup.CountAsync()).ShouldBe(0);
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task The_feature_list_opens_the_same_popup_from_the_keyboard()
    {
        await using var page = await fixture.OpenAsync("/?layers=it-sites#12/22.3400/114.1800");
        var first = page.Page.Locator("#in-view-list button").First;
        await first.FocusAsync();
        await page.Page.Keyboard.PressAsync("Enter");

        var popup = page.Page.Locator(".maplibregl-popup");
        await popup.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        (await popup.Locator("th").AllTextContentsAsync()).ShouldContain("Operator");
        await page.Page.Keyboard.PressAsync("Escape");
        (await popup.CountAsync()).ShouldBe(0);
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task Searching_Science_Park_finds_Hong_Kong_Science_Park_and_flies_there()
    {
        await using var page = await fixture.OpenAsync("/#11/22.3200/114.1700");

        await page.Page.Locator("#search-input").FillAsync("Science Park");
        await page.Page.Locator("#search-input").PressAsync("Enter");
        var hit = page.Page.Locator("#search-results button", new PageLocatorOptions { HasText = "Hong Kong Science Park" }).First;
        await hit.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        var moved = page.Page.EvaluateAsync("() => new Promise(resolve => window.spatialhubMap.once('moveend', () => resolve(true)))");
        await hit.ClickAsync();
        await moved;
        await page.WaitIdleAsync();

        // Hong Kong Science Park, Pak Shek Kok.
        var centre = await page.EvaluateAsync<double[]>("() => window.spatialhubMap.getCenter().toArray()");
        centre[0].ShouldBe(114.21, 0.02);
        centre[1].ShouldBe(22.425, 0.02);
        (await page.EvaluateAsync<double>("() => window.spatialhubMap.getZoom()")).ShouldBeGreaterThanOrEqualTo(14);
        var sites = await page.RenderedFeaturesAsync("it-sites");
        sites.ShouldContain(f => f.Properties.ContainsKey("name_en") && f.Properties["name_en"].GetString() == "Hong Kong Science Park");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task The_district_filter_shows_only_the_hotspots_the_server_places_inside_that_district()
    {
        await using var page = await fixture.OpenAsync("/?layers=districts,wifi-hk#11/22.3200/114.1700");
        var option = page.Page.Locator("#district-select option", new PageLocatorOptions { HasText = "Wan Chai" }).First;
        var districtId = (await option.GetAttributeAsync("value"))!;
        var inside = await HotspotIdsInsideAsync(districtId);
        inside.Count.ShouldBeGreaterThan(0);

        // At street level around Wan Chai's edge the unfiltered map shows hotspots of the neighbouring districts too.
        var view = await page.EvaluateAsync<double[]>($"() => (async () => {{ const c = await fetch('/collections/districts/items?limit=100').then(r => r.json()); const f = c.features.find(x => String(x.id) === '{districtId}'); const xs = JSON.stringify(f.geometry.coordinates).match(/-?\\d+\\.\\d+/g).map(Number); let minX = 999, minY = 999, maxX = -999, maxY = -999; for (let i = 0; i < xs.length; i += 2) {{ minX = Math.min(minX, xs[i]); maxX = Math.max(maxX, xs[i]); minY = Math.min(minY, xs[i + 1]); maxY = Math.max(maxY, xs[i + 1]); }} return [(minX + maxX) / 2, (minY + maxY) / 2]; }})()");
        await page.Page.EvaluateAsync($"() => {{ window.spatialhubMap.jumpTo({{ center: [{view[0]}, {view[1]}], zoom: 14.5 }}); }}");
        await page.WaitIdleAsync();
        var unfiltered = (await page.RenderedFeaturesAsync("wifi-hk")).Where(f => !f.IsCluster).ToList();
        unfiltered.ShouldContain(f => !inside.Contains(f.Id!), "the view should also hold hotspots outside the district, or the test proves nothing");

        await page.Page.Locator("#district-select").SelectOptionAsync(districtId);
        await page.Page.WaitForFunctionAsync("() => !window.spatialhubMap.isMoving()");
        await page.Page.EvaluateAsync($"() => {{ window.spatialhubMap.jumpTo({{ center: [{view[0]}, {view[1]}], zoom: 14.5 }}); }}");
        await page.WaitIdleAsync();

        var filtered = (await page.RenderedFeaturesAsync("wifi-hk")).Where(f => !f.IsCluster).ToList();
        filtered.ShouldNotBeEmpty();
        filtered.ShouldAllBe(f => inside.Contains(f.Id!));
        new Uri(page.Page.Url).Query.ShouldContain($"district={districtId}");
        (await page.Page.Locator("#export-link").GetAttributeAsync("href"))!.ShouldContain($"within=districts:{districtId}");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task The_embed_dialog_gives_an_iframe_for_the_current_view_and_Escape_closes_it()
    {
        await using var page = await fixture.OpenAsync("/?layers=wifi-hk,districts#12/22.3000/114.1700");
        await page.Page.Locator("#embed-button").ClickAsync();
        var snippet = await page.Page.Locator("#embed-snippet").InputValueAsync();
        snippet.ShouldStartWith("<iframe src=\"" + fixture.BaseUrl + "/embed?layers=");
        snippet.ShouldContain("wifi-hk");
        snippet.ShouldContain("#12.00/22.30000/114.17000");
        await page.Page.Keyboard.PressAsync("Escape");
        (await page.Page.Locator("#embed-dialog").IsVisibleAsync()).ShouldBeFalse();
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    private async Task<HashSet<string>> HotspotIdsInsideAsync(string districtId)
    {
        var collection = await fixture.CreateClient().GetFromJsonAsync<JsonElement>($"/collections/wifi-hk/items?within=districts:{districtId}&limit=10000");
        return collection.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").ToString()).ToHashSet();
    }
}
