using System.Globalization;
using Microsoft.Playwright;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>Issue 17's planners' tools in Chromium: the HK1980 readout agrees with <c>spatialhub transform</c>, the
/// measure tool gives the distance Pythagoras gives on two I&amp;T sites' HK1980 coordinates, and "Locate me" works
/// because the page's Permissions-Policy allows geolocation for itself.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PlannersToolsTests(MapPagesFixture fixture)
{
    // data-samples/it-sites-hk1980.csv: HKSP 839884.226 831804.513, INNOCELL 839369.516 831571.855 (HK1980 Grid).
    private static readonly double ScienceParkToInnoCell = Math.Sqrt(Math.Pow(839884.226 - 839369.516, 2) + Math.Pow(831804.513 - 831571.855, 2));

    [Fact]
    public async Task The_coordinate_readout_on_click_agrees_with_spatialhub_transform()
    {
        await using var page = await fixture.OpenAsync("/?layers=districts#16/22.3200/114.1700");
        var canvas = (await page.Page.Locator("#map canvas").BoundingBoxAsync())!;

        await page.Page.Mouse.ClickAsync(canvas.X + canvas.Width / 2 + 37, canvas.Y + canvas.Height / 2 - 21);
        await page.Page.WaitForSelectorAsync(".coords[data-fixed=true]");

        var value = await page.EvaluateAsync<double[]>(
            "() => { const v = window.spatialhub.tools.readout.value; return [v.lngLat.lng, v.lngLat.lat, v.grid[0], v.grid[1]]; }");
        var cli = await SpatialHubCliProcess.RunAsync(["transform", "--from", "EPSG:4326", "--to", "EPSG:2326"],
            string.Create(CultureInfo.InvariantCulture, $"{value[0]:R} {value[1]:R}\n"));
        cli.ExitCode.ShouldBe(0, cli.Error);
        var expected = cli.Output.Trim().Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        value[2].ShouldBe(expected[0], 0.001);
        value[3].ShouldBe(expected[1], 0.001);
        (await page.Page.Locator(".coords-text").TextContentAsync() ?? "").ShouldContain($"E {expected[0].ToString("F2", CultureInfo.InvariantCulture)}");
        await page.ScreenshotAsync("issue17-coordinate-readout.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task Measuring_from_Science_Park_to_InnoCell_gives_the_HK1980_grid_distance()
    {
        await using var page = await fixture.OpenAsync("/?layers=it-sites#16/22.4247/114.2080");
        var sites = await page.RenderedFeaturesAsync("it-sites");
        var sciencePark = sites.First(f => f.Properties["site_id"].GetString() == "HKSP");
        var innoCell = sites.First(f => f.Properties["site_id"].GetString() == "INNOCELL");

        await page.Page.Locator(".measure-toggle").ClickAsync();
        await page.Page.Mouse.ClickAsync((float)sciencePark.X!.Value + 2, (float)sciencePark.Y!.Value - 2);
        await page.Page.Mouse.ClickAsync((float)innoCell.X!.Value - 2, (float)innoCell.Y!.Value + 1);
        await page.Page.WaitForFunctionAsync("() => Number(document.querySelector('.measure').dataset.distance) > 0");

        var distance = await page.EvaluateAsync<double>("() => Number(document.querySelector('.measure').dataset.distance)");
        distance.ShouldBe(ScienceParkToInnoCell, 0.5, "clicks snap to the sites; tile coordinates are exact to about 0.15 m at z16");
        (await page.Page.Locator(".maplibregl-popup").CountAsync()).ShouldBe(0, "measuring clicks open no popups");
        (await page.Page.Locator(".measure-result").TextContentAsync() ?? "").ShouldContain(" m");
        await page.ScreenshotAsync("issue17-measure.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task Locate_me_is_allowed_on_the_planners_page_and_not_in_the_embed()
    {
        await using var page = await fixture.OpenAsync("/#11/22.3200/114.1700");
        (await page.Response!.AllHeadersAsync())["permissions-policy"].ShouldContain("geolocation=(self)");
        await page.Page.Context.GrantPermissionsAsync(["geolocation"], new BrowserContextGrantPermissionsOptions { Origin = fixture.BaseUrl });
        await page.Page.Context.SetGeolocationAsync(new Geolocation { Latitude = 22.2819f, Longitude = 114.1581f, Accuracy = 20 });

        await page.Page.Locator(".maplibregl-ctrl-geolocate").ClickAsync();
        await page.Page.WaitForFunctionAsync(
            "() => { const c = window.spatialhubMap.getCenter(); return Math.abs(c.lat - 22.2819) < 0.001 && Math.abs(c.lng - 114.1581) < 0.001; }",
            null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        page.ShouldHaveNoScriptErrorsOrForeignRequests();

        await using var embed = await fixture.OpenAsync("/embed?layers=wifi-hk");
        (await embed.Response!.AllHeadersAsync())["permissions-policy"].ShouldContain("geolocation=()");
    }
}
