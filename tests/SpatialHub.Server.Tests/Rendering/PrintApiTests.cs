using System.Net;
using System.Net.Http.Headers;
using SkiaSharp;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Rendering;
using SpatialHub.Mapping.Skia;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Rendering;

/// <summary>Issue 17 item 2: <c>/print</c> gives a vector PDF of a view that poppler (pdftotext, pdftoppm) reads: the
/// title, the legend and the attribution as text, the data drawn where the view's centre is, and a north arrow in the map
/// frame's top-right corner.</summary>
/// <remarks>A service of its own: every print takes a permit of the client's expensive-read budget (30 a minute), which
/// the static map tests of the shared rendering service also draw on.</remarks>
[Trait("Category", "Integration")]
public sealed class PrintApiTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>, IDisposable
{
    private const int ViewWidth = 800, ViewHeight = 500;
    private static readonly SKColor ScienceParkBlue = SKColor.Parse("#0b57a4");
    private readonly TemporaryFolder _folder = new("spatialhub-print");

    public void Dispose() => _folder.Dispose();

    private static string SciencePark(double zoom) =>
        FormattableString.Invariant($"{RenderingCollection.SciencePark.X},{RenderingCollection.SciencePark.Y},{zoom}");

    [Fact]
    public async Task An_a4_print_of_the_science_park_has_its_title_legend_attribution_data_and_a_north_arrow()
    {
        var response = await factory.CreateClient().GetAsync(
            $"/print/districts,it-sites/{SciencePark(17)}/{ViewWidth}x{ViewHeight}.pdf?title=I%26T%20sites%20%E2%80%93%20Tai%20Po&paper=a4-landscape");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var file = await SaveAsync(response);

        var text = RenderCommandTests.Run("pdftotext", "-layout", file, "-");
        text.ShouldContain("I&T sites – Tai Po");
        text.ShouldContain("Legend");
        text.ShouldContain("Innovation and technology sites");
        text.ShouldContain("S Science park");
        text.ShouldContain("Census and Statistics Department");
        text.ShouldContain("Scale 1:");

        // At 72 dpi one PDF point is one pixel, so the page's layout is the image's.
        using var page = Rasterise(file);
        (page.Width, page.Height).ShouldBe((842, 595));
        Directory.CreateDirectory(Browser.MapPagesFixture.ScreenshotDirectory);
        File.Copy(Path.ChangeExtension(file, ".png"), Path.Combine(Browser.MapPagesFixture.ScreenshotDirectory, "issue17-print-a4-landscape.png"), overwrite: true);
        var layout = PrintLayout.For(Paper.A4Landscape, ViewWidth, ViewHeight);
        var view = layout.Fit(new Viewport(RenderingCollection.SciencePark.X, RenderingCollection.SciencePark.Y, 17, ViewWidth, ViewHeight));
        var centre = ((int)(layout.Map.Left + (view.Width / 2.0)), (int)(layout.Map.Top + (view.Height / 2.0)));
        RenderingCollection.ShareOf(page, centre.Item1, centre.Item2, 6, ScienceParkBlue, tolerance: 24).ShouldBeGreaterThan(0.4);

        // The arrow's left half is ink and its right half white: it points up the page, north.
        var arrow = NorthArrow.Bounds(new ScreenPoint(layout.Map.Left + view.Width - 8, layout.Map.Top + 8));
        var middle = (int)Math.Round((arrow.Left + arrow.Right) / 2);
        var y = (int)Math.Round(arrow.Top + 31);
        Luminance(page, middle - 4, middle - 2, y - 1, y + 1).ShouldBeLessThan(90);
        Luminance(page, middle + 2, middle + 4, y - 1, y + 1).ShouldBeGreaterThan(200);
        // Outside the arrow, above its box, is the map (a district's fill or the background), not the arrow's ink.
        Luminance(page, middle - 2, middle + 2, (int)arrow.Bottom + 4, (int)arrow.Bottom + 6).ShouldBeGreaterThan(90);
    }

    [Fact]
    public async Task A_chinese_print_has_chinese_titles_and_headings_and_answers_304_to_its_etag()
    {
        var client = factory.CreateClient();
        var url = $"/print/it-sites/{SciencePark(15)}/600x400.pdf?lang=zh-HK&paper=a4-portrait";
        var response = await client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.ETag.ShouldNotBeNull();
        var text = RenderCommandTests.Run("pdftotext", await SaveAsync(response), "-");
        text.ShouldContain("圖例");
        text.ShouldContain("創新科技地點");
        // Noto CJK maps the glyph of 比 back to both U+6BD4 and the Kangxi radical U+2F50; poppler picks either.
        System.Text.RegularExpressions.Regex.IsMatch(text, @"[比\u2F50]例 1:[0-9,]+").ShouldBeTrue(text);
        using (var page = Rasterise(Path.Combine(_folder.Path, "page-0.pdf")))
        {
            (page.Width, page.Height).ShouldBe((595, 842));
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        (await client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("/print/it-sites/114.17,22.3,12/0x300.pdf")]
    [InlineData("/print/it-sites/114.17,22.3,12/5000x10.pdf")]
    [InlineData("/print/it-sites/114.17,22.3,12/400x300.png")]
    [InlineData("/print/it-sites/114.17,22.3,12/400x300@2x.pdf")]
    [InlineData("/print/it-sites/114.17,22.3,30/400x300.pdf")]
    [InlineData("/print/it-sites/200,22.3,12/400x300.pdf")]
    [InlineData("/print/it-sites/auto/400x300.pdf?bbox=1,2,3")]
    [InlineData("/print/it-sites/114.17,22.3,12/400x300.pdf?lang=fr")]
    [InlineData("/print/it-sites/114.17,22.3,12/400x300.pdf?paper=letter")]
    public async Task Bad_input_is_a_400_problem(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task An_overlong_title_is_a_400_and_an_unknown_layer_a_404()
    {
        var client = factory.CreateClient();
        (await client.GetAsync($"/print/it-sites/114.17,22.3,12/400x300.pdf?title={new string('a', 201)}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/print/no-such-layer/114.17,22.3,12/400x300.pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private int _saved;

    private async Task<string> SaveAsync(HttpResponseMessage response)
    {
        var file = Path.Combine(_folder.Path, $"page-{_saved++}.pdf");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        return file;
    }

    private SKBitmap Rasterise(string pdf)
    {
        var prefix = Path.Combine(_folder.Path, Path.GetFileNameWithoutExtension(pdf));
        RenderCommandTests.Run("pdftoppm", "-png", "-r", "72", "-singlefile", pdf, prefix);
        return RenderingCollection.DecodePng(File.ReadAllBytes(prefix + ".png"));
    }

    private static double Luminance(SKBitmap image, int x0, int x1, int y0, int y1)
    {
        double sum = 0;
        var n = 0;
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var p = image.GetPixel(x, y);
                sum += (0.2126 * p.Red) + (0.7152 * p.Green) + (0.0722 * p.Blue);
                n++;
            }
        }
        return sum / n;
    }
}
