using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>The map's "Quality" toggle in Chromium: it marks the features the import flagged and says why.</summary>
[Trait("Category", "Browser")]
[Collection(MapPagesCollection.Name)]
public sealed class QualityToggleTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task The_toggle_marks_science_park_and_its_popup_gives_the_district_mismatch()
    {
        await using var page = await fixture.OpenAsync("/?layers=it-sites#16/22.4256/114.2120");
        var toggle = page.Page.Locator("#quality-toggle");
        (await toggle.GetAttributeAsync("aria-pressed")).ShouldBe("false");

        await toggle.ClickAsync();
        await page.Page.WaitForFunctionAsync("() => window.spatialhub.qualityFlagged !== undefined");
        await page.WaitIdleAsync();

        (await toggle.GetAttributeAsync("aria-pressed")).ShouldBe("true");
        (await page.EvaluateAsync<int>("() => window.spatialhub.qualityFlagged")).ShouldBe(7);
        // Science Park (feature 1) is drawn where the import put it; a click there opens its reason.
        var point = await page.EvaluateAsync<double[]>("""
            () => {
              const map = window.spatialhubMap;
              const mark = map.queryRenderedFeatures({ layers: ['spatialhub-quality-mark'] }).find(f => f.properties.featureId === 1);
              const p = map.project(mark.geometry.coordinates);
              const box = map.getCanvas().getBoundingClientRect();
              return [box.left + p.x, box.top + p.y];
            }
            """);
        await page.Page.Mouse.ClickAsync((float)point[0], (float)point[1]);
        var popup = page.Page.Locator(".quality-popup");
        await popup.WaitForAsync();
        (await popup.TextContentAsync()).ShouldBe(
            "Innovation and technology sites: feature 1 (line 2)zone: district says Tai Po but the feature is in Sha Tin (District Council districts (2001 census boundaries))");

        await toggle.ClickAsync();
        (await page.EvaluateAsync<string>("() => window.spatialhubMap.getLayoutProperty('spatialhub-quality-mark', 'visibility')")).ShouldBe("none");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }
}
