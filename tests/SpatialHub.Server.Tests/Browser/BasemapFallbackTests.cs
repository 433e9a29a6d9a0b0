using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>The service with <c>SpatialHub:Map:BasemapStyleUrl</c> pointing at a local stand-in for the Lands
/// Department's style server, which the test makes reachable, slow (answers after the pages' timeout) or down.</summary>
public sealed class BasemapStandInFixture : MapPagesFixture
{
    public const string StandInLayer = "landsd-stand-in-background";

    private WebApplication? _standIn;

    /// <summary>"reachable" or "slow"; "down" is the stand-in stopped.</summary>
    public string Mode { get; set; } = "reachable";

    public string StyleUrl { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _standIn = builder.Build();
        _standIn.MapGet("/basemap/style.json", async (HttpContext context) =>
        {
            context.Response.Headers.AccessControlAllowOrigin = "*";
            if (Mode == "slow")
            {
                await Task.Delay(TimeSpan.FromSeconds(8), context.RequestAborted);
            }
            return Results.Text($$$"""
                {"version": 8, "name": "Lands Department stand-in", "sources": {},
                 "layers": [{"id": "{{{StandInLayer}}}", "type": "background", "paint": {"background-color": "#dfeadf"}}]}
                """, "application/json");
        });
        await _standIn.StartAsync();
        StyleUrl = _standIn.Urls.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/basemap/style.json";
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
            page.FailedRequests.ShouldAllBe(r => r.Contains("/basemap/style.json"));
            await page.ScreenshotAsync("issue17-basemap-down.png");
        }
    }
}
