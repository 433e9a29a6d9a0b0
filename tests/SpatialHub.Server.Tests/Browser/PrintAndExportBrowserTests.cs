using System.Globalization;
using Microsoft.Playwright;
using Shouldly;

namespace SpatialHub.Server.Tests.Browser;

/// <summary>Issue 17 items 2 and 9 in Chromium: the Print control opens the server's PDF of the current view (its
/// visible layers, centre and zoom, and the district in the title), and the export control offers GeoPackage,
/// Shapefile and KML in WGS84 or the HK1980 Grid.</summary>
[Collection(MapPagesCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PrintAndExportBrowserTests(MapPagesFixture fixture)
{
    [Fact]
    public async Task Print_opens_a_pdf_of_the_current_view_with_the_district_in_its_title()
    {
        await using var first = await fixture.OpenAsync("/?layers=districts,it-sites#11/22.3200/114.1700");
        var taiPo = (await first.Page.Locator("#district-select option", new PageLocatorOptions { HasText = "Tai Po" }).First.GetAttributeAsync("value"))!;
        await using var page = await fixture.OpenAsync($"/?layers=districts,it-sites&district={taiPo}#15.25/22.4258/114.2105");

        var opened = new TaskCompletionSource<IResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Page.Context.Response += (_, response) =>
        {
            if (new Uri(response.Url).AbsolutePath.StartsWith("/print/", StringComparison.Ordinal))
            {
                opened.TrySetResult(response);
            }
        };
        await page.Page.Locator("#print-link").ClickAsync();
        var pdf = await opened.Task.WaitAsync(TimeSpan.FromSeconds(60));

        pdf.Status.ShouldBe(200);
        (await pdf.AllHeadersAsync())["content-type"].ShouldBe("application/pdf");
        var url = new Uri(pdf.Url);
        var parts = url.AbsolutePath.Split('/');
        parts[2].ShouldBe("districts,it-sites");
        var view = parts[3].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        view[0].ShouldBe(await page.EvaluateAsync<double>("() => window.spatialhubMap.getCenter().lng"), 1e-5);
        view[1].ShouldBe(await page.EvaluateAsync<double>("() => window.spatialhubMap.getCenter().lat"), 1e-5);
        view[2].ShouldBe(15.25, 0.005);
        var canvas = (await page.Page.Locator("#map").BoundingBoxAsync())!;
        parts[4].ShouldBe(FormattableString.Invariant($"{Math.Round(canvas.Width)}x{Math.Round(canvas.Height)}.pdf"));

        // The same URL, fetched again, is a PDF whose title names the layers and the district.
        using var client = new HttpClient();
        var file = Path.Combine(Path.GetTempPath(), $"spatialhub-print-{Guid.NewGuid():N}.pdf");
        try
        {
            await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync(pdf.Url));
            var text = Rendering.RenderCommandTests.Run("pdftotext", file, "-");
            text.ShouldContain("Tai Po");
            text.ShouldContain("Innovation and technology sites");
            text.ShouldContain("Legend");
        }
        finally
        {
            File.Delete(file);
        }
        await page.ScreenshotAsync("issue17-print-control.png");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }

    [Fact]
    public async Task The_export_control_offers_geopackage_shapefile_and_kml_in_wgs84_or_hk1980()
    {
        await using var page = await fixture.OpenAsync("/?layers=it-sites#13/22.4258/114.2105");
        var format = page.Page.Locator("#export-format");
        var crs = page.Page.Locator("#export-crs");
        var link = page.Page.Locator("#export-link");

        await format.SelectOptionAsync("gpkg");
        await crs.SelectOptionAsync("hk1980");
        var href = (await link.GetAttributeAsync("href"))!;
        href.ShouldStartWith("/collections/it-sites/items?");
        href.ShouldContain("f=gpkg");
        href.ShouldContain("crs=http");
        href.ShouldContain("2326");
        (await link.GetAttributeAsync("download")).ShouldBe("it-sites.gpkg");

        // The link downloads a GeoPackage that SQLite's magic bytes identify.
        var response = await page.Page.APIRequest.GetAsync(fixture.BaseUrl + href);
        response.Status.ShouldBe(200);
        var body = await response.BodyAsync();
        System.Text.Encoding.ASCII.GetString(body, 0, 15).ShouldBe("SQLite format 3");

        await format.SelectOptionAsync("kml");
        (await crs.IsDisabledAsync()).ShouldBeTrue("KML is always WGS84");
        (await link.GetAttributeAsync("href"))!.ShouldNotContain("crs=");
        await format.SelectOptionAsync("shp");
        (await link.GetAttributeAsync("download")).ShouldBe("it-sites.zip");
        page.ShouldHaveNoScriptErrorsOrForeignRequests();
    }
}
