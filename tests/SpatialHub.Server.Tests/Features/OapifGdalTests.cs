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
        var output = await GisClientOneLinerTests.GdalAsync("ogrinfo", "-ro", "-al", "-oo", "PAGE_SIZE=10", $"OAPIF:{factory.BaseUrl}/collections/it-sites");
        Regex.Matches(output, @"^OGRFeature\(", RegexOptions.Multiline).Count.ShouldBe(27, output);
        output.ShouldContain("site_id (String) = HKSP");
        output.ShouldContain("POINT (114.212");
    }
}
