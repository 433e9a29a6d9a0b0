using System.Diagnostics;
using System.Text.RegularExpressions;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>GDAL's OAPIF driver (an outside client) reads a collection through a real port: /conformance, the
/// collection document with its Part 2 crs lists, and every items page.</summary>
[Trait("Category", "Integration")]
public sealed class OapifGdalTests(LoopbackSpatialHubFactory factory) : IClassFixture<LoopbackSpatialHubFactory>
{
    [Fact]
    public async Task Ogrinfo_reads_every_it_site_through_the_oapif_driver()
    {
        var output = await OgrinfoAsync("-ro", "-al", "-oo", "PAGE_SIZE=10", $"OAPIF:{factory.BaseUrl}/collections/it-sites");
        Regex.Matches(output, @"^OGRFeature\(", RegexOptions.Multiline).Count.ShouldBe(27, output);
        output.ShouldContain("site_id (String) = HKSP");
        output.ShouldContain("POINT (114.212");
    }

    private static async Task<string> OgrinfoAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ogrinfo", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, await errors);
        return await output;
    }
}
