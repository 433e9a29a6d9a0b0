using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using SpatialHub.Server.Cli;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Rendering;

[Collection(RenderingCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RenderCommandTests(SpatialHubFactory factory) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("spatialhub-render-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<int> RenderAsync(params string[] arguments) =>
        SpatialHubCli.RunAsync(["render", "--connection", factory.ConnectionString, .. arguments]);

    [Fact]
    public async Task A_png_at_2x_decodes_at_twice_the_size_and_shows_the_science_park_site()
    {
        var file = Path.Combine(_directory, "map.png");
        var centre = string.Create(CultureInfo.InvariantCulture, $"{RenderingCollection.SciencePark.X},{RenderingCollection.SciencePark.Y}");
        (await RenderAsync("--layers", "it-sites,wifi-hk", "--center", centre, "--zoom", "16", "--size", "320x240", "--scale", "2", "--out", file)).ShouldBe(0);
        using var image = RenderingCollection.DecodePng(await File.ReadAllBytesAsync(file));
        (image.Width, image.Height).ShouldBe((640, 480));
        RenderingCollection.ShareOf(image, 320, 240, 14, SKColor.Parse("#0b57a4")).ShouldBeGreaterThan(0.5);
    }

    [Fact]
    public async Task A_pdf_of_a_district_converts_with_pdftoppm_and_carries_its_title_legend_and_attribution()
    {
        var file = Path.Combine(_directory, "tai-po.pdf");
        (await RenderAsync("--layers", "districts,it-sites", "--bbox", "114.13,22.40,114.26,22.50", "--size", "600x450",
            "--title", "I&T sites in Tai Po", "--out", file)).ShouldBe(0);

        var text = Run("pdftotext", "-layout", file, "-");
        text.ShouldContain("I&T sites in Tai Po");
        text.ShouldContain("Legend");
        text.ShouldContain("S Science park");
        text.ShouldContain("District boundary");
        text.ShouldContain("Census and Statistics Department");
        // The district's label is drawn as text (vector), once however many tiles the district spans.
        (text.Split("TAI PO").Length - 1).ShouldBe(1);

        Run("pdftoppm", "-png", "-r", "50", "-singlefile", file, Path.Combine(_directory, "page"));
        using var page = RenderingCollection.DecodePng(await File.ReadAllBytesAsync(Path.Combine(_directory, "page.png")));
        page.Width.ShouldBeGreaterThan(400);
    }

    [Theory]
    [InlineData("--layers", "wifi-hk", "--center", "200,22.3", "--zoom", "12", "--out", "x.png")]
    [InlineData("--layers", "wifi-hk", "--center", "114.17,22.3", "--zoom", "30", "--out", "x.png")]
    [InlineData("--layers", "wifi-hk", "--bbox", "1,2,3", "--out", "x.png")]
    [InlineData("--layers", "wifi-hk", "--center", "114.17,22.3", "--zoom", "12", "--size", "5000x10", "--out", "x.png")]
    [InlineData("--layers", "wifi-hk", "--center", "114.17,22.3", "--zoom", "12", "--out", "x.gif")]
    [InlineData("--layers", "no-such-dataset", "--center", "114.17,22.3", "--zoom", "12", "--out", "x.png")]
    public async Task Bad_arguments_exit_2_with_a_message_and_write_nothing(params string[] arguments)
    {
        var output = arguments.ToArray();
        output[^1] = Path.Combine(_directory, output[^1]);
        (await RenderAsync(output)).ShouldBe(2);
        File.Exists(output[^1]).ShouldBeFalse();
    }

    /// <summary>Runs a tool (poppler's pdftotext, pdftoppm); a non-zero exit fails the test with its error output.</summary>
    internal static string Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"{program} failed: {error}");
        return output;
    }
}
