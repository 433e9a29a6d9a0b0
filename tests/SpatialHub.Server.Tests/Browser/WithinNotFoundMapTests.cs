using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>When the server answers 404 for the chosen district (it is gone from the data since the page loaded),
/// the planners' map says so next to the district list instead of silently showing empty tiles.</summary>
[Trait("Category", "Browser")]
[Collection(MapPagesCollection.Name)]
public sealed partial class WithinNotFoundMapTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task Choosing_a_district_the_server_no_longer_has_shows_a_message_by_the_district_list()
    {
        await using var page = await fixture.OpenAsync("/?layers=districts,wifi-hk#13/22.2800/114.1800");
        var option = page.Page.Locator("#district-select option", new PageLocatorOptions { HasText = "Wan Chai" }).First;
        var districtId = (await option.GetAttributeAsync("value"))!;
        // The page holds the district list it read at start; every request about this district now names one the
        // server does not have, as after a re-import that dropped it. The server's own answers come back.
        await page.Page.RouteAsync(WithinWanChai(districtId), route =>
            route.ContinueAsync(new RouteContinueOptions { Url = route.Request.Url.Replace($"districts:{districtId}", "districts:999999", StringComparison.Ordinal) }));

        await page.Page.Locator("#district-select").SelectOptionAsync(districtId);
        await page.Page.WaitForFunctionAsync("() => document.getElementById('district-status').textContent.length > 0");

        (await page.Page.Locator("#district-status").TextContentAsync()).ShouldBe(
            "This district is no longer in the map's data: choose another, or All of Hong Kong.");
        page.FailedRequests.ShouldContain(r => r.StartsWith("404 ", StringComparison.Ordinal) && r.Contains("within=districts:999999"));
        page.ScriptErrors.ShouldAllBe(e => e.Contains("Failed to load resource"));

        await page.Page.Locator("#district-select").SelectOptionAsync("");
        (await page.Page.Locator("#district-status").TextContentAsync()).ShouldBeNullOrEmpty();
    }

    [Fact]
    public async Task Choosing_a_district_the_server_has_shows_no_message()
    {
        await using var page = await fixture.OpenAsync("/?layers=districts,wifi-hk#13/22.2800/114.1800");
        var option = page.Page.Locator("#district-select option", new PageLocatorOptions { HasText = "Wan Chai" }).First;
        var probed = page.Page.WaitForResponseAsync(response => TileJsonWithin().IsMatch(response.Url));

        await page.Page.Locator("#district-select").SelectOptionAsync((await option.GetAttributeAsync("value"))!);

        (await probed).Status.ShouldBe(200);
        await page.WaitIdleAsync();
        (await page.Page.Locator("#district-status").TextContentAsync()).ShouldBeNullOrEmpty();
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    /// <summary>The map's one check of a chosen district: TileJSON (no z/x/y) of a point layer within it.</summary>
    [GeneratedRegex(@"/tiles/[a-z0-9-]+\?within=districts:")]
    private static partial Regex TileJsonWithin();

    private static Regex WithinWanChai(string districtId) => new($"within=districts(:|%3A){Regex.Escape(districtId)}(&|$)");
}
