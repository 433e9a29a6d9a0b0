using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Server.Tests.Infrastructure;
using SpatialHub.Server.Tests.Rendering;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>/dotnet: the Blazor WebAssembly demo of &lt;SpatialHubMap&gt;, run by headless Chromium against the real
/// service (samples imported). The page's map element reports its view and per-dataset counts after each frame.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class DotnetClientBrowserTests(MapPagesFixture fixture)
{
    private const string Layers = "lampposts,wifi-hk,it-sites";
    private static readonly string AxeScript = File.ReadAllText(
        Path.Combine(RepositoryPaths.Root, "src", "SpatialHub.Server", "ClientApp", "node_modules", "axe-core", "axe.min.js"));

    private static string At(double zoom, double lat, double lon) => string.Create(CultureInfo.InvariantCulture, $"#{zoom}/{lat}/{lon}");

    [Fact]
    public async Task The_three_layers_render_and_the_Science_Park_site_is_drawn_in_its_colour_at_z16()
    {
        var (lon, lat) = RenderingCollection.SciencePark;
        await using var page = await OpenAsync(At(16, lat, lon));

        // The site sits in the middle of the canvas; hi-DPI: the canvas has twice the CSS pixels.
        var (width, height) = await page.CanvasSizeAsync();
        var centre = await page.PixelAsync(width / 2.0, height / 2.0);
        int[] blue = [0x0b, 0x57, 0xa4];
        centre.Zip(blue).ShouldAllBe(c => Math.Abs(c.First - c.Second) <= 8, $"centre pixel {string.Join(",", centre)} is not the I&T sites' blue");
        (await page.Features()).ShouldContainKey("it-sites");
        (await page.Features()).ShouldContainKey("wifi-hk");
        Directory.CreateDirectory(MapPagesFixture.ScreenshotDirectory);
        await File.WriteAllTextAsync(Path.Combine(MapPagesFixture.ScreenshotDirectory, "..", "dotnet-first-load.txt"), string.Create(CultureInfo.InvariantCulture,
            $"first load of /dotnet at z16 (cold browser cache): {page.BytesOnWire} bytes on the wire, {page.FirstLoad.TotalMilliseconds:0} ms to the first frame with all tiles\n"));

        // Lampposts are in Central and Western (no I&T site in this view): lampposts and hotspots are drawn there.
        await using var central = await OpenAsync(At(16, 22.2820, 114.1560));
        var features = await central.Features();
        features.Keys.ShouldBe(["lampposts", "wifi-hk"], ignoreOrder: true, $"features drawn: {string.Join(' ', features)}");
        features["lampposts"].ShouldBeGreaterThan(10);
        page.Errors.ShouldBeEmpty();
        central.Errors.ShouldBeEmpty();
        await central.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(MapPagesFixture.ScreenshotDirectory, "dotnet-central-z16.png") });
    }

    [Fact]
    public async Task Dragging_and_wheeling_move_the_view_and_fetch_the_tiles_of_the_new_view()
    {
        await using var page = await OpenAsync(At(14, 22.2820, 114.1588));
        var start = await page.ViewAsync();
        var (width, height) = await page.CanvasSizeAsync();
        page.TileRequests.Clear();

        await page.Page.Mouse.MoveAsync(500, 400);
        await page.Page.Mouse.DownAsync();
        await page.Page.Mouse.MoveAsync(300, 400, new MouseMoveOptions { Steps = 8 });
        await page.Page.Mouse.MoveAsync(100, 400, new MouseMoveOptions { Steps = 8 });
        await page.Page.Mouse.UpAsync();
        await page.WaitIdleAsync();

        var dragged = await page.ViewAsync();
        dragged.Zoom.ShouldBe(14);
        dragged.Latitude.ShouldBe(start.Latitude, 1e-4);
        // 400 CSS px to the left moves the centre 400 px east: 400 × 360 / (512 × 2^14) degrees.
        (dragged.Longitude - start.Longitude).ShouldBe(400 * 360 / (512 * Math.Pow(2, 14)), 2e-4);
        var newTiles = TilesOf(dragged, width, height).Except(TilesOf(start, width, height)).ToList();
        newTiles.ShouldNotBeEmpty();
        newTiles.Except(page.TileRequests).ShouldBeEmpty();

        page.TileRequests.Clear();
        await page.Page.Mouse.MoveAsync((width / 2f) + page.MapLeft, (height / 2f) + page.MapTop);
        await page.Page.Mouse.WheelAsync(0, -300);
        await page.Page.Mouse.WheelAsync(0, -300);
        await page.WaitIdleAsync();
        var wheeled = await page.ViewAsync();
        wheeled.Zoom.ShouldBeInRange(15, 16);
        page.TileRequests.ShouldNotBeEmpty();
        page.TileRequests.ShouldAllBe(t => t.Z == (int)Math.Floor(wheeled.Zoom));
        TilesOf(wheeled, width, height).Except(page.TileRequests).ShouldBeEmpty();
        page.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_click_on_the_Science_Park_site_raises_FeatureClicked_and_the_page_shows_its_properties()
    {
        var (lon, lat) = RenderingCollection.SciencePark;
        await using var page = await OpenAsync(At(16, lat, lon));
        var (width, height) = await page.CanvasSizeAsync();

        await page.Page.Mouse.ClickAsync((width / 2f) + page.MapLeft, (height / 2f) + page.MapTop);

        var panel = page.Page.Locator("#feature");
        await Assertions.Expect(panel.Locator("h2")).ToHaveTextAsync("Hong Kong Science Park", new() { Timeout = 20_000 });
        (await panel.InnerTextAsync()).ShouldContain("HKSP");
        (await panel.InnerTextAsync()).ShouldContain("Tai Po");
        page.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Axe_finds_no_serious_violations_and_only_dotnet_allows_WebAssembly_in_its_policy()
    {
        await using var page = await OpenAsync(At(14, 22.2820, 114.1588));
        var policy = (await page.Response!.AllHeadersAsync())["content-security-policy"];
        policy.ShouldMatch(@"script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]{44}';");
        policy.ShouldNotContain("unsafe-inline");
        policy.ShouldNotContain("'unsafe-eval'");

        await page.Page.EvaluateAsync(AxeScript + "\n;0");
        var violations = await page.Page.EvaluateAsync<EmbedAndSecurityTests.AxeViolation[]>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))
            """);
        violations.ShouldBeEmpty(string.Join("\n", violations.Select(v => $"{v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Targets)}")));
        page.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_framework_is_served_brotli_compressed_and_immutable_and_the_page_revalidates()
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = fixture.BaseUri };
        using var index = await http.GetAsync("/dotnet/");
        index.Headers.CacheControl!.NoCache.ShouldBeTrue();
        var html = await index.Content.ReadAsStringAsync();
        var script = FrameworkScript().Match(html).Value;
        script.ShouldNotBeEmpty(html);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/dotnet/" + script);
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.ShouldBe(["br"]);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        response.Headers.CacheControl!.Public.ShouldBeTrue();
        response.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        response.Headers.CacheControl.Extensions.ShouldContain(e => e.Name == "immutable");
        (await http.GetAsync("/dotnet/_framework/../../appsettings.json")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync("/dotnet/index.html.br")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [GeneratedRegex(@"_framework/blazor\.webassembly\.[a-z0-9]+\.js")]
    private static partial Regex FrameworkScript();

    /// <summary>The z/x/y tiles a view of the page's map needs (the component fetches 48 px beyond the edges).</summary>
    private static HashSet<TileId> TilesOf(MapView view, int width, int height) =>
        new Viewport(view.Longitude, view.Latitude, view.Zoom, width, height).Tiles((int)Math.Floor(view.Zoom + 1e-9), 48).ToHashSet();

    private async Task<DotnetPage> OpenAsync(string hash)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1200, Height = 800 },
            DeviceScaleFactor = 2,
        });
        var page = new DotnetPage(context, await context.NewPageAsync(), fixture.BaseUrl);
        await page.GotoAsync(hash);
        return page;
    }
}
