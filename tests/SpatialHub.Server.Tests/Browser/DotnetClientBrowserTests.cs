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
    public async Task A_click_on_the_Science_Park_site_raises_FeatureClicked_and_its_popup_shows_labels_not_raw_keys()
    {
        var (lon, lat) = RenderingCollection.SciencePark;
        await using var page = await OpenAsync(At(16, lat, lon));
        var (width, height) = await page.CanvasSizeAsync();

        await page.Page.Mouse.ClickAsync((width / 2f) + page.MapLeft, (height / 2f) + page.MapTop);

        // The popup, laid out by tiles/it-sites.json's presentation settings (served in /styles).
        var popup = page.Page.Locator(".spatialhub-map-popup");
        await Assertions.Expect(popup.Locator("h2")).ToHaveTextAsync("Hong Kong Science Park", new() { Timeout = 20_000 });
        await Assertions.Expect(popup).ToBeVisibleAsync();
        var labels = await popup.Locator("th").AllInnerTextsAsync();
        labels.Take(5).ShouldBe(["Category", "Operator", "District", "Opened", "Facts"]);
        labels.ShouldContain("Site code");
        labels.ShouldNotContain(l => l.Contains('_'), $"a raw key among {string.Join(", ", labels)}");
        (await popup.Locator("tr[data-field=category] td").InnerTextAsync()).ShouldBe("Science park");
        (await popup.Locator("tr[data-field=easting] td").InnerTextAsync()).ShouldBe("839884.226 m");
        (await popup.Locator("tr[data-field=site_id] td").InnerTextAsync()).ShouldBe("HKSP");
        (await popup.Locator("tr[data-field=name_en]").CountAsync()).ShouldBe(0, "name_en is hidden (it is the heading)");
        (await popup.Locator(".spatialhub-map-popup-dataset").InnerTextAsync()).ShouldBe("Innovation and technology sites");
        // The popup sits above the site, inside the map.
        var box = (await popup.BoundingBoxAsync())!;
        (box.Y + box.Height).ShouldBeLessThanOrEqualTo((height / 2f) + page.MapTop);
        (box.X + (box.Width / 2)).ShouldBe((width / 2f) + page.MapLeft, 2);
        // The page still receives FeatureClicked with the site's properties.
        (await page.Page.Locator("#clicked").InnerTextAsync()).ShouldStartWith("Clicked: Innovation and technology sites (");

        await page.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(popup).ToHaveCountAsync(0);
        page.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Layer_titles_swatches_and_attributions_come_from_the_service_catalog_and_styles()
    {
        await using var page = await OpenAsync(At(14, 22.2820, 114.1588));
        using var http = new HttpClient { BaseAddress = fixture.BaseUri };
        var catalog = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/catalog"))!["datasets"]!.AsArray()
            .Select(d => ((string)d!["id"]!, (string)d["title"]!, (string?)d["attribution"])).ToList();

        // Every dataset of the catalog is offered, titled by its presentation settings or else its catalog title.
        var labels = page.Page.Locator(".spatialhub-layer-list label");
        await Assertions.Expect(labels).ToHaveCountAsync(catalog.Count, new() { Timeout = 20_000 });
        var titles = (await labels.AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        titles.ShouldContain("Innovation and technology sites");
        titles.ShouldContain("Wi-Fi.HK hotspot locations (2023)");
        titles.ShouldNotContain("I&T sites", "the demo no longer writes titles down");
        var footer = await page.Page.Locator("footer").InnerTextAsync();
        foreach (var (id, _, attribution) in catalog.Where(d => d.Item1 is "lampposts" or "wifi-hk" or "it-sites"))
        {
            footer.ShouldContain(attribution!, customMessage: $"{id}'s attribution");
        }
        footer.Contains(catalog.Single(d => d.Item1 == "districts").Item3!, StringComparison.Ordinal).ShouldBeFalse("districts is not shown");
        // The I&T sites' swatch is the first colour of tiles/it-sites.json's legend.
        (await page.Page.Locator(".spatialhub-layer-list label", new() { HasText = "Innovation and technology sites" }).Locator("circle").GetAttributeAsync("fill"))
            .ShouldBe("#0b57a4");

        await page.Page.SelectOptionAsync("#language", "zh-HK");
        await Assertions.Expect(labels.Filter(new() { HasText = "創新科技地點" })).ToHaveCountAsync(1);
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
