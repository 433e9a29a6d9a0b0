using Microsoft.Playwright;
using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>Issue 17, as a planner tries it in Chromium: popups with labels, clusters above points that zoom to their
/// extent, share links with a district that keep the view, the district chip, the offline basemap's single labels,
/// the embed's title and legend, and the interface in Traditional Chinese.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlannersReadabilityTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task A_WiFi_popup_shows_labels_and_provider_names_not_raw_keys_and_leaves_its_marker_visible()
    {
        await using var page = await fixture.OpenAsync("/?layers=wifi-hk#15/22.2800/114.1580");
        var site = (await page.RenderedFeaturesAsync("wifi-hk"))
            .First(f => !f.IsCluster && f.X is > 300 and < 1000 && f.Y is > 300 and < 700);

        await page.Page.Mouse.ClickAsync((float)site.X!.Value, (float)site.Y!.Value);

        var popup = page.Page.Locator(".maplibregl-popup");
        await popup.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        var headers = await popup.Locator("th").AllTextContentsAsync();
        headers.ShouldContain("Address");
        headers.ShouldContain("Hotspots");
        headers.ShouldNotContain("AddressEN");
        var text = await popup.TextContentAsync() ?? "";
        text.ShouldNotContain("InWifiMap");
        text.ShouldNotContain("OrganisationCode");
        text.ShouldContain(site.Properties["LocationNameEN"].GetString()!);
        // The marker stays visible: the popup box does not cover the clicked point, and it keeps above the attribution.
        var box = (await popup.BoundingBoxAsync())!;
        var covers = site.X > box.X && site.X < box.X + box.Width && site.Y > box.Y && site.Y < box.Y + box.Height;
        covers.ShouldBeFalse($"popup {box.X},{box.Y} {box.Width}x{box.Height} covers the marker at {site.X},{site.Y}");
        var attribution = (await page.Page.Locator(".maplibregl-ctrl-attrib").BoundingBoxAsync())!;
        (box.Y + box.Height).ShouldBeLessThanOrEqualTo(attribution.Y + 1);
        (await popup.Locator("td").First.EvaluateAsync<string>("td => getComputedStyle(td).overflowWrap")).ShouldBe("anywhere");
        await page.ScreenshotAsync("issue17-popup-labels.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task Clusters_are_drawn_above_every_layers_points_and_a_click_zooms_to_the_clusters_extent()
    {
        await using var page = await fixture.OpenAsync("/?layers=wifi-hk,it-sites#11/22.3200/114.1700");
        var order = await page.EvaluateAsync<string[]>("() => window.spatialhubMap.getStyle().layers.map(l => l.id)");
        Array.IndexOf(order, "wifi-hk:clusters").ShouldBeGreaterThan(Array.IndexOf(order, "it-sites:markers"));
        Array.IndexOf(order, "it-sites:clusters").ShouldBeGreaterThan(Array.IndexOf(order, "wifi-hk:points"));
        var cluster = (await page.RenderedFeaturesAsync("wifi-hk"))
            .Where(f => f.IsCluster && f.X is > 400 and < 1000 && f.Y is > 250 and < 600)
            .OrderByDescending(f => f.Properties["point_count"].GetInt32()).First();
        var members = cluster.Properties["point_count"].GetInt32();
        members.ShouldBeGreaterThan(2);
        await page.ScreenshotAsync("issue17-clusters.png");

        var moved = page.Page.EvaluateAsync("() => new Promise(resolve => window.spatialhubMap.once('moveend', () => resolve(true)))");
        await page.Page.Mouse.ClickAsync((float)cluster.X!.Value, (float)cluster.Y!.Value);
        await moved;
        await page.WaitIdleAsync();

        (await page.EvaluateAsync<double>("() => window.spatialhubMap.getZoom()")).ShouldBeGreaterThan(13);
        (await page.Page.Locator(".maplibregl-popup").CountAsync()).ShouldBe(0, "a cluster click zooms, it opens nothing underneath");
        // Every point the cluster stood for is now in view (the cell it was made from fits the view).
        (await page.RenderedCountsAsync()).GetValueOrDefault("wifi-hk").ShouldBeGreaterThanOrEqualTo(members);
        await page.ScreenshotAsync("issue17-cluster-zoomed.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task A_share_link_with_a_district_restores_exactly_its_view_and_shows_a_removable_chip()
    {
        await using var first = await fixture.OpenAsync("/?layers=districts,wifi-hk#11/22.3200/114.1700");
        var districtId = (await first.Page.Locator("#district-select option", new PageLocatorOptions { HasText = "Sham Shui Po" }).First.GetAttributeAsync("value"))!;

        await using var page = await fixture.OpenAsync($"/?layers=districts,wifi-hk&district={districtId}#14.5/22.331/114.162");

        (await page.EvaluateAsync<double>("() => window.spatialhubMap.getZoom()")).ShouldBe(14.5, 0.001);
        (await page.EvaluateAsync<double>("() => window.spatialhubMap.getCenter().lat")).ShouldBe(22.331, 0.00001);
        (await page.EvaluateAsync<double>("() => window.spatialhubMap.getCenter().lng")).ShouldBe(114.162, 0.00001);
        var chip = page.Page.Locator(".district-chip");
        (await chip.IsVisibleAsync()).ShouldBeTrue();
        (await chip.TextContentAsync() ?? "").ShouldContain("Sham Shui Po");
        var focus = await page.EvaluateAsync<string>("() => window.spatialhubMap.getPaintProperty('district-focus', 'line-color')");
        var styleColours = await page.EvaluateAsync<string>(
            "() => JSON.stringify(window.spatialhubMap.getStyle().layers.filter(l => l.metadata && l.metadata['spatialhub:dataset']).map(l => l.paint))");
        styleColours.ShouldNotContain(focus, Case.Insensitive, "the district outline colour is used by no data layer");
        await page.ScreenshotAsync("issue17-district-chip.png");

        await page.Page.Locator("#share-button").ClickAsync();
        var link = new Uri(await page.Page.Locator("#share-url").InputValueAsync());
        link.Query.ShouldContain($"district={districtId}");
        link.Query.ShouldContain("at=14.50/22.33100/114.16200");
        await using var reopened = await fixture.OpenAsync(link.PathAndQuery);
        (await reopened.EvaluateAsync<double>("() => window.spatialhubMap.getZoom()")).ShouldBe(14.5, 0.001);
        (await reopened.EvaluateAsync<double>("() => window.spatialhubMap.getCenter().lng")).ShouldBe(114.162, 0.00001);
        (await reopened.Page.Locator("#district-select").InputValueAsync()).ShouldBe(districtId);

        await reopened.Page.Locator(".district-chip button").ClickAsync();
        (await reopened.Page.Locator(".district-chip").IsVisibleAsync()).ShouldBeFalse();
        (await reopened.Page.Locator("#district-select").InputValueAsync()).ShouldBe("");
        new Uri(reopened.Page.Url).Query.ShouldNotContain("district=");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
        reopened.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task The_offline_basemap_has_no_land_fill_and_labels_each_district_once()
    {
        await using var page = await fixture.OpenAsync("/?layers=districts#10/22.4000/114.2000");
        await page.ScreenshotAsync("issue17-offline-basemap.png");

        var basemap = await page.EvaluateAsync<string[]>(
            "() => window.spatialhubMap.getStyle().layers.filter(l => l.id.startsWith('basemap:')).map(l => l.type)");
        basemap.ShouldNotContain("fill");
        // The whole territory: Tai Po spans many tiles, and its name is drawn once.
        var names = await page.EvaluateAsync<string[]>(
            "() => window.spatialhubMap.queryRenderedFeatures({ layers: ['basemap:district-names'] }).map(f => f.properties.name)");
        names.Count(n => n == "Tai Po").ShouldBe(1);
        names.ShouldBe(names.Distinct().ToArray());
        names.Length.ShouldBeGreaterThanOrEqualTo(12);
        (await page.EvaluateAsync<string[]>("() => window.spatialhubMap.getStyle().layers.filter(l => l.id.startsWith('districts:') && l.type === 'symbol').map(l => l.id)"))
            .ShouldBeEmpty("the districts layer's per-tile names are not drawn over the basemap's single labels");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task The_embed_shows_a_title_as_text_and_a_legend_that_says_what_size_means()
    {
        await using var page = await fixture.OpenAsync("/embed?layers=wifi-hk&legend=1&title=Hotspots%20%3Cb%3Enear%3C%2Fb%3E%20you#13/22.2870/114.1650", 800, 500);

        (await page.Page.Locator(".embed-title").TextContentAsync()).ShouldBe("Hotspots <b>near</b> you");
        (await page.Page.Locator(".embed-title b").CountAsync()).ShouldBe(0);
        var legend = await page.Page.Locator(".embed-legend").TextContentAsync() ?? "";
        legend.ShouldContain("size: hotspots");
        legend.ShouldContain("number: locations");
        await page.ScreenshotAsync("issue17-embed-title-legend.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task The_interface_switches_to_Traditional_Chinese_and_remembers_it()
    {
        await using var page = await fixture.OpenAsync("/?layers=districts,it-sites#12/22.3400/114.1800");

        await page.Page.Locator("#language-select").SelectOptionAsync("zh-HK");

        (await page.Page.Locator("#layers-heading").TextContentAsync()).ShouldBe("圖層");
        (await page.Page.Locator("label[for='layer-it-sites']").TextContentAsync()).ShouldBe("創新科技地點");
        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("zh-HK");
        await page.GotoAsync(page.Page.Url);
        (await page.Page.Locator("#language-select").InputValueAsync()).ShouldBe("zh-HK");
        (await page.Page.Locator("#legend-heading").TextContentAsync()).ShouldBe("圖例");
        var names = await page.EvaluateAsync<string[]>(
            "() => window.spatialhubMap.queryRenderedFeatures({ layers: ['basemap:district-names'] }).map(f => f.properties.nameZh)");
        names.ShouldNotBeEmpty();
        (await page.EvaluateAsync<string>("() => JSON.stringify(window.spatialhubMap.getLayoutProperty('basemap:district-names', 'text-field'))"))
            .ShouldContain("nameZh");
        await page.ScreenshotAsync("issue17-zh-hk.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }
}
