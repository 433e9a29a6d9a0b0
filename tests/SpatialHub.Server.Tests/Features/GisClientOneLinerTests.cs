using System.Diagnostics;
using System.Text.RegularExpressions;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>The GDAL one-liners of docs/gis-clients.md, run as written (with the test service's address) by GDAL's own
/// ogrinfo and ogr2ogr: OAPIF with a bbox and an attribute filter, and one vector tile through the MVT driver.</summary>
[Trait("Category", "Integration")]
public sealed class GisClientOneLinerTests(LoopbackSpatialHubFactory factory) : IClassFixture<LoopbackSpatialHubFactory>
{
    [Fact]
    public async Task Ogrinfo_with_spat_asks_the_service_for_a_bbox_and_gets_the_same_features_as_the_bbox_parameter()
    {
        var output = await GdalAsync("ogrinfo", "-ro", "-al", "-spat", "114.20", "22.415", "114.22", "22.435", $"OAPIF:{factory.BaseUrl}/collections/it-sites");
        var expected = (await Client().GetJsonAsync("/collections/it-sites/items?bbox=114.20,22.415,114.22,22.435")).Ids().Count;
        expected.ShouldBeGreaterThan(0);
        Regex.Matches(output, @"^OGRFeature\(", RegexOptions.Multiline).Count.ShouldBe(expected, output);
    }

    [Fact]
    public async Task Ogr2ogr_copies_a_filtered_collection_into_a_geopackage_in_hk1980_grid()
    {
        var file = Path.Combine(Path.GetTempPath(), $"spatialhub-sites-{Guid.NewGuid():N}.gpkg");
        try
        {
            await GdalAsync("ogr2ogr", "-f", "GPKG", file, $"OAPIF:{factory.BaseUrl}/collections/it-sites", "-where", "district = 'Tai Po'", "-t_srs", "EPSG:2326");
            var info = await GdalAsync("ogrinfo", "-ro", "-al", file);
            var expected = (await Client().GetJsonAsync("/collections/it-sites/items?district=Tai%20Po")).Ids().Count;
            expected.ShouldBeGreaterThan(0);
            Regex.Matches(info, @"^OGRFeature\(", RegexOptions.Multiline).Count.ShouldBe(expected, info);
            info.ShouldContain("Hong Kong 1980 Grid");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Ogrinfo_reads_one_vector_tile_when_the_url_ends_in_pbf()
    {
        var output = await GdalAsync("ogrinfo", "-ro", "-al", "-so", $"MVT:{factory.BaseUrl}/tiles/wifi-hk/14/13389/7142.pbf");
        output.ShouldContain("Layer name: wifi-hk");
        Regex.Match(output, @"Feature Count: (\d+)").Groups[1].Value.ShouldNotBe("0", output);
    }

    private HttpClient Client() => new() { BaseAddress = factory.BaseUri };

    /// <summary>Runs a GDAL tool; a non-zero exit fails the test with its error output.</summary>
    internal static async Task<string> GdalAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.ShouldBe(0, await errors);
        return await output + await errors;
    }
}
