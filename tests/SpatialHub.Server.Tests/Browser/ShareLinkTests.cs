using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>The share button's link carries the view in its query (?at=), which the server can read for the link
/// preview, and opening that link in a fresh browser restores the view.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ShareLinkTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task The_share_link_carries_the_view_in_its_query_and_reopening_it_restores_that_view()
    {
        await using var page = await fixture.OpenAsync("/?layers=districts,it-sites#14.25/22.42580/114.21050");
        await page.Page.Locator("#share-button").ClickAsync();
        var link = await page.Page.Locator("#share-url").InputValueAsync();

        var url = new Uri(link);
        url.AbsolutePath.ShouldBe("/");
        url.Fragment.ShouldBeEmpty("the view travels in the query, which reaches the server");
        url.Query.ShouldContain("at=14.25/22.42580/114.21050");
        url.Query.ShouldContain("layers=districts,it-sites");

        await using var reopened = await fixture.OpenAsync(url.PathAndQuery);
        (await reopened.EvaluateAsync<double>("() => window.spatialhubMap.getZoom()")).ShouldBe(14.25, 0.01);
        (await reopened.EvaluateAsync<double>("() => window.spatialhubMap.getCenter().lat")).ShouldBe(22.4258, 0.00002);
        (await reopened.EvaluateAsync<double>("() => window.spatialhubMap.getCenter().lng")).ShouldBe(114.2105, 0.00002);
        (await reopened.Page.Locator("#layer-wifi-hk").IsCheckedAsync()).ShouldBeFalse();
        (await reopened.Page.Locator("#layer-it-sites").IsCheckedAsync()).ShouldBeTrue();
        var image = await reopened.Page.Locator("meta[property='og:image']").GetAttributeAsync("content");
        image.ShouldBe($"{fixture.BaseUrl}/static/districts,it-sites/114.2105,22.4258,14.25/1200x630.png");

        // Moving on keeps the address bar's ?at= in step with the view, so copying it never previews a view left behind.
        await reopened.EvaluateAsync<bool>("() => { window.spatialhubMap.jumpTo({ zoom: 12 }); return true; }");
        await reopened.WaitIdleAsync();
        new Uri(reopened.Page.Url).Query.ShouldContain("at=12.00/22.42580/114.21050");
        reopened.ShouldHaveNoScriptErrorsOrForeignRequests();
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task A_fragment_still_wins_over_a_stale_at()
    {
        await using var page = await fixture.OpenAsync("/?at=11/22.3/114.1#13/22.28700/114.16500");

        (await page.EvaluateAsync<double>("() => window.spatialhubMap.getZoom()")).ShouldBe(13, 0.01);
        (await page.EvaluateAsync<double>("() => window.spatialhubMap.getCenter().lat")).ShouldBe(22.287, 0.00002);
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }
}
