using System.Text;
using Microsoft.Playwright;
using Npgsql;
using Shouldly;
using SpatialHub.Core.Publishing;
using SpatialHub.PostGis.Publishing;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>Issue 22 item 4: the publisher page in Chromium, end to end with a scoped key.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PublishPageTests(MapPagesFixture fixture)
{
    private static readonly byte[] Pools = Encoding.UTF8.GetBytes(
        "Name,Latitude,Longitude\nVictoria Park Swimming Pool,22.2826,114.1905\nKowloon Park Swimming Pool,22.3010,114.1710\n");

    private static readonly byte[] PoolsWithBadRow = Encoding.UTF8.GetBytes(
        "Name,Latitude,Longitude\nVictoria Park Swimming Pool,22.2826,114.1905\nNowhere Pool,north,114.1710\n");

    private async Task<string> AddPublisherAsync(string name, string patterns)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        return await new PublisherStore(dataSource).AddAsync(name, PublisherScope.Parse(patterns));
    }

    private async Task<MapPage> OpenAsync(int width, int height)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = new MapPage(context, await context.NewPageAsync(), new Uri(fixture.BaseUrl));
        var response = await page.Page.GotoAsync(fixture.BaseUrl + "/publish");
        response!.Status.ShouldBe(200);
        var headers = await response.AllHeadersAsync();
        headers["content-security-policy"].ShouldContain("default-src 'none'");
        headers["content-security-policy"].ShouldContain("script-src 'self'");
        headers["content-security-policy"].ShouldNotContain("unsafe-inline");
        headers.ShouldNotContainKey("set-cookie");
        return page;
    }

    private static async Task SignInAsync(IPage page, string key)
    {
        await page.Locator("#key").FocusAsync();
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter"); // the keyboard alone signs in
        await page.Locator("#work").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
    }

    [Fact]
    public async Task A_scoped_key_checks_and_imports_its_own_dataset_and_is_refused_another_with_403_and_a_message()
    {
        var key = await AddPublisherAsync("lcsd-page", "lcsd-*");
        await using var page = await OpenAsync(1280, 900);
        await SignInAsync(page.Page, key);
        (await page.Page.Locator("#who-text").TextContentAsync()).ShouldBe("Signed in as lcsd-page.");

        // Check: the dry run's report names the bad row by its line, and nothing is imported yet.
        await page.Page.Locator("#dataset").FillAsync("lcsd-pools");
        await page.Page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "pools.csv", MimeType = "text/csv", Buffer = PoolsWithBadRow });
        await page.Page.Locator("#check").ClickAsync();
        await page.Page.Locator("#issues tbody tr").WaitForAsync();
        (await page.Page.Locator("#issues tbody tr td").First.TextContentAsync()).ShouldBe("3");
        (await page.Page.Locator("#report-summary").TextContentAsync())!.ShouldContain("2 rows read: 1 valid, 1 with problems");
        (await fixture.CreateClient().GetAsync("/api/datasets/lcsd-pools")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        // A clean file: check, then confirm.
        await page.Page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "pools.csv", MimeType = "text/csv", Buffer = Pools });
        await page.Page.Locator("#check").ClickAsync();
        await page.Page.Locator("#confirm:enabled").WaitForAsync();
        await page.Page.Locator("#confirm").ClickAsync();
        await page.Page.GetByText("Imported 2 features as version").WaitForAsync();
        (await fixture.CreateClient().GetAsync("/api/datasets/lcsd-pools")).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);

        // Another department's dataset: 403 with the reason, shown on the page.
        await page.Page.Locator("#dataset").FillAsync("hyd-roads");
        await page.Page.Locator("#check").ClickAsync();
        await page.Page.GetByText("may write only datasets matching lcsd-*").WaitForAsync();
        (await page.Page.Locator("#upload-status").TextContentAsync())!.ShouldStartWith("403 Not your dataset");
        page.FailedRequests.ShouldContain(r => r.StartsWith("403 ", StringComparison.Ordinal) && r.Contains("/api/datasets/hyd-roads", StringComparison.Ordinal));

        // Describe and unpublish it from the page: gone for readers without a key.
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Describe lcsd-pools" }).ClickAsync();
        await page.Page.Locator("#m-description").FillAsync("Public swimming pools");
        await page.Page.Locator("#m-licence").FillAsync("CC-BY-4.0");
        await page.Page.Locator("#m-published").UncheckAsync();
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.Page.GetByText("Saved lcsd-pools.").WaitForAsync();
        (await fixture.CreateClient().GetAsync("/collections/lcsd-pools")).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);

        // The key was never put in the address, storage or a cookie.
        page.Page.Url.ShouldNotContain(key);
        (await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length")).ShouldBe(0);
        (await page.EvaluateAsync<string>("() => document.cookie")).ShouldBeEmpty();
        await page.ScreenshotAsync("publish-desktop.png");
        page.ScriptErrors.Where(e => e.StartsWith("pageerror", StringComparison.Ordinal)).ShouldBeEmpty();
        page.ForeignRequests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public async Task The_page_is_axe_clean_and_fits_a_phone(int width, int height)
    {
        var key = await AddPublisherAsync($"axe-{width}", "it-*");
        await using var page = await OpenAsync(width, height);
        await SignInAsync(page.Page, key);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Describe it-sites" }).ClickAsync();
        await page.EvaluateAsync<int>(EmbedAndSecurityTests.AxeScript + "\n;0");
        var violations = await page.EvaluateAsync<EmbedAndSecurityTests.AxeViolation[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))
            """);
        violations.ShouldBeEmpty(string.Join("\n", violations.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Targets)}")));
        (await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth")).ShouldBeLessThanOrEqualTo(width);
        var smallTargets = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('button, input:not([type=file]), select')].filter(e => e.offsetParent)
              .filter(e => { const r = e.getBoundingClientRect(); return r.height < 24 || r.width < 24; }).map(e => e.id || e.textContent)
            """);
        smallTargets.ShouldBeEmpty();
        await page.ScreenshotAsync($"publish-{width}.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }
}
