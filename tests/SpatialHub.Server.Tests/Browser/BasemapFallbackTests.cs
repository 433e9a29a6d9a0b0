using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>The service with <c>SpatialHub:Map:BasemapStyleUrl</c> pointing at a local stand-in for the Lands
/// Department's style server, at the real style's path, which the test makes reachable, slow (answers after the
/// pages' timeout), down, or "esri": answering as the real service does (an ArcGIS VectorTileServer style with
/// relative sprite, glyphs and source, the service description, and tiles addressed {z}/{y}/{x}).</summary>
public sealed class BasemapStandInFixture : MapPagesFixture
{
    public const string StandInLayer = "landsd-stand-in-background";

    public const string StandInFont = "Stand-in Sans Regular";

    private WebApplication? _standIn;

    /// <summary>"reachable" or "slow"; "down" is the stand-in stopped.</summary>
    public string Mode { get; set; } = "reachable";

    public string StyleUrl { get; private set; } = "";

    /// <summary>The stand-in's address, e.g. http://127.0.0.1:41234.</summary>
    public string StandInOrigin { get; private set; } = "";

    /// <summary>The paths of the tiles the pages asked the stand-in for.</summary>
    public List<string> TileRequests { get; } = [];

    private const string Service = "/gs/api/v1.0.0/vt/basemap/WGS84";

    /// <summary>A transparent 1×1 PNG: the stand-in's sprite sheet.</summary>
    private static readonly byte[] SpritePng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public override async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _standIn = builder.Build();
        _standIn.Use((context, next) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            return next(context);
        });
        _standIn.MapGet(Service + "/resources/styles/root.json", async (HttpContext context) =>
        {
            if (Mode == "slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(8), context.RequestAborted);
            }
            return Results.Text(Mode == "esri" ? EsriStyle : $$$"""
                {"version": 8, "name": "Lands Department stand-in", "sources": {},
                 "layers": [{"id": "{{{StandInLayer}}}", "type": "background", "paint": {"background-color": "#dfeadf"}}]}
                """, "application/json");
        });
        _standIn.MapGet(Service + "/", () => Results.Text("""{"name": "basemap", "type": "indexedVector", "tiles": ["tile/{z}/{y}/{x}.pbf"], "minzoom": 0, "maxzoom": 15}""", "application/json"));
        _standIn.MapGet(Service + "/tile/{z}/{y}/{x}.pbf", (HttpContext context) =>
        {
            lock (TileRequests)
            {
                TileRequests.Add(context.Request.Path.Value!);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        // An empty glyph range: valid, and draws nothing.
        _standIn.MapGet(Service + "/resources/fonts/{stack}/{range}.pbf", () => Results.Bytes([], "application/x-protobuf"));
        _standIn.MapGet(Service + "/resources/sprites/{name}", (string name) =>
            name.EndsWith(".png", StringComparison.Ordinal) ? Results.Bytes(SpritePng, "image/png") : Results.Text("{}", "application/json"));
        await _standIn.StartAsync();
        StandInOrigin = _standIn.Urls.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        StyleUrl = StandInOrigin + Service + "/resources/styles/root.json";
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SpatialHub:Map:BasemapStyleUrl"] = StyleUrl,
            ["SpatialHub:Map:BasemapTimeoutMs"] = "1500",
        }));
    }

    /// <summary>The real style's shape: everything relative, the source's url the tile service's description.</summary>
    private const string EsriStyle = $$$"""
        {"version": 8, "sprite": "../sprites/sprite", "glyphs": "../fonts/{fontstack}/{range}.pbf",
         "sources": {"esri": {"type": "vector", "url": "../../"}},
         "layers": [{"id": "{{{StandInLayer}}}", "type": "background", "paint": {"background-color": "#dfeadf"}},
                    {"id": "landsd-land", "type": "fill", "source": "esri", "source-layer": "Land", "paint": {"fill-color": "#f2efe9"}},
                    {"id": "landsd-names", "type": "symbol", "source": "esri", "source-layer": "Names",
                     "layout": {"text-field": "{name}", "text-font": ["{{{StandInFont}}}"]}}]}
        """;

    public async Task StopStandInAsync()
    {
        if (_standIn is not null)
        {
            await _standIn.StopAsync();
            await _standIn.DisposeAsync();
            _standIn = null;
        }
    }
}

[Trait("Category", "Browser")]
public sealed class BasemapFallbackTests(BasemapStandInFixture fixture) : IClassFixture<BasemapStandInFixture>
{
    [Fact]
    public async Task The_configured_basemap_is_drawn_when_reachable_and_the_offline_one_when_slow_or_down_saying_which()
    {
        // Reachable: its layers under the service's, with the Lands Department's notice and logo.
        fixture.Mode = "reachable";
        await using (var page = await fixture.OpenAsync("/?layers=it-sites#11/22.3200/114.1700"))
        {
            (await page.EvaluateAsync<string>("() => document.body.dataset.basemap")).ShouldBe("configured");
            (await page.EvaluateAsync<string[]>("() => window.spatialhubMap.getStyle().layers.map(l => l.id)")).ShouldContain(BasemapStandInFixture.StandInLayer);
            (await page.Page.Locator(".basemap-logo").TextContentAsync()).ShouldBe("Lands Department");
            (await page.Page.Locator(".maplibregl-ctrl-attrib").TextContentAsync() ?? "").ShouldContain("Map from Lands Department");
            (await page.Page.Locator(".basemap-indicator").TextContentAsync()).ShouldBe("Basemap: Lands Department");
            await page.ScreenshotAsync("issue17-basemap-reachable.png");
            page.ScriptErrors.ShouldBeEmpty();
        }

        // As the real service answers: the page makes its style MapLibre-readable and asks for tiles row before column.
        fixture.Mode = "esri";
        await using (var page = await fixture.OpenAsync("/?layers=it-sites#11/22.3200/114.1700"))
        {
            (await page.EvaluateAsync<string>("() => document.body.dataset.basemap")).ShouldBe("configured");
            var service = fixture.StandInOrigin + "/gs/api/v1.0.0/vt/basemap/WGS84";
            var style = await page.EvaluateAsync<JsonElement>("() => window.spatialhubMap.getStyle()");
            style.GetProperty("sources").GetProperty("esri").GetProperty("tiles")[0].GetString().ShouldBe(service + "/tile/{z}/{y}/{x}.pbf");
            style.GetProperty("sources").GetProperty("esri").GetProperty("maxzoom").GetInt32().ShouldBe(15);
            style.GetProperty("glyphs").GetString().ShouldBe(service + "/resources/fonts/{fontstack}/{range}.pbf");
            style.GetProperty("sprite").ToString().ShouldContain(service + "/resources/sprites/sprite");
            // Its glyph server has only its own fonts: the service's labels use them too.
            (await page.EvaluateAsync<string[]>("() => window.spatialhubMap.getLayoutProperty('it-sites:labels', 'text-font')"))
                .ShouldBe([BasemapStandInFixture.StandInFont]);
            (await page.Page.Locator(".maplibregl-ctrl-attrib").TextContentAsync() ?? "").ShouldContain("Map from Lands Department");
            (await page.Page.Locator(".basemap-logo").CountAsync()).ShouldBe(1);
            // Zoom 11 over the harbour is column 1673, row 893: rows come first in the path.
            List<string> tiles;
            lock (fixture.TileRequests)
            {
                tiles = [.. fixture.TileRequests];
            }
            tiles.ShouldContain(service.Replace(fixture.StandInOrigin, "", StringComparison.Ordinal) + "/tile/11/893/1673.pbf");
            page.ScriptErrors.ShouldBeEmpty();
            await page.ScreenshotAsync("issue17-basemap-landsd-style.png");
        }

        // Slow: the page stops waiting after BasemapTimeoutMs and draws the offline basemap, saying why.
        fixture.Mode = "slow";
        await using (var page = await fixture.OpenAsync("/?layers=it-sites#11/22.3200/114.1700"))
        {
            (await page.EvaluateAsync<string>("() => document.body.dataset.basemap")).ShouldBe("offline");
            var layers = await page.EvaluateAsync<string[]>("() => window.spatialhubMap.getStyle().layers.map(l => l.id)");
            layers.ShouldNotContain(BasemapStandInFixture.StandInLayer);
            layers.ShouldContain("basemap:district-names");
            (await page.Page.Locator(".basemap-indicator").TextContentAsync() ?? "").ShouldContain("did not answer in time");
            (await page.Page.Locator(".basemap-logo").CountAsync()).ShouldBe(0, "no Lands Department logo over a map that is not theirs");
            (await page.RenderedCountsAsync()).GetValueOrDefault("it-sites").ShouldBeGreaterThan(0);
            await page.ScreenshotAsync("issue17-basemap-slow.png");
        }

        // Down: nothing listens any more.
        await fixture.StopStandInAsync();
        await using (var page = await fixture.OpenAsync("/?layers=it-sites#11/22.3200/114.1700"))
        {
            (await page.EvaluateAsync<string>("() => document.body.dataset.basemap")).ShouldBe("offline");
            (await page.Page.Locator(".basemap-indicator").TextContentAsync() ?? "").ShouldContain("unavailable");
            (await page.RenderedCountsAsync()).GetValueOrDefault("it-sites").ShouldBeGreaterThan(0);
            page.FailedRequests.ShouldAllBe(r => r.Contains("/resources/styles/root.json"));
            await page.ScreenshotAsync("issue17-basemap-down.png");
        }
    }
}
