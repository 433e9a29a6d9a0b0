using Microsoft.Playwright;
using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>The planners' map on a 390 × 844 phone: the map fills the screen, the tools open as a bottom sheet, the
/// page never scrolls, touch targets are at least 44 px, the attribution is compact, and axe finds nothing serious.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PhoneLayoutTests(MapPagesFixture fixture)
{
    private const int Width = 390;
    private const int Height = 844;

    [Fact]
    public async Task The_map_fills_the_phone_the_page_never_scrolls_and_the_tools_open_as_a_bottom_sheet()
    {
        await using var page = await fixture.OpenAsync("/#12/22.3000/114.1700", Width, Height);

        var map = (await page.Page.Locator("#map").BoundingBoxAsync())!;
        ((double)map.Height).ShouldBeGreaterThanOrEqualTo(0.6 * Height);
        (await PageHeightAsync(page)).ShouldBeLessThanOrEqualTo(Height);
        var attribution = page.Page.Locator(".maplibregl-ctrl-attrib");
        (await attribution.GetAttributeAsync("class"))!.ShouldContain("maplibregl-compact");
        (await attribution.GetAttributeAsync("class"))!.ShouldNotContain("maplibregl-compact-show");
        var scale = (await page.Page.Locator(".maplibregl-ctrl-scale").BoundingBoxAsync())!;
        ((double)scale.Y).ShouldBeLessThan((await attribution.BoundingBoxAsync())!.Y, "the scale bar sits above the attribution");
        await page.ScreenshotAsync("issue17-phone-closed.png");

        await page.Page.Locator("#sheet-toggle").ClickAsync();
        (await page.Page.Locator("#sheet-toggle").GetAttributeAsync("aria-expanded")).ShouldBe("true");
        (await page.Page.Locator("#layer-list").IsVisibleAsync()).ShouldBeTrue();
        (await PageHeightAsync(page)).ShouldBeLessThanOrEqualTo(Height);
        foreach (var row in await page.Page.Locator("#layer-list li").AllAsync())
        {
            ((double)(await row.BoundingBoxAsync())!.Height).ShouldBeGreaterThanOrEqualTo(44);
        }
        foreach (var control in await page.Page.Locator("#panel button:visible, #panel select:visible").AllAsync())
        {
            ((double)(await control.BoundingBoxAsync())!.Height).ShouldBeGreaterThanOrEqualTo(44, await control.EvaluateAsync<string>("e => e.outerHTML.slice(0, 80)"));
        }
        await page.ScreenshotAsync("issue17-phone-sheet-open.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Theory]
    [InlineData("/#12/22.3000/114.1700")]
    [InlineData("/embed?layers=wifi-hk,it-sites&legend=1&title=Hotspots#12/22.3000/114.1700")]
    public async Task Axe_finds_no_serious_or_critical_violations_on_a_phone(string path)
    {
        await using var page = await fixture.OpenAsync(path, Width, Height);
        await EmbedAndSecurityTests.ShouldHaveNoSeriousAxeViolationsAsync(page);
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    private static Task<double> PageHeightAsync(MapPage page) =>
        page.EvaluateAsync<double>("() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
}
