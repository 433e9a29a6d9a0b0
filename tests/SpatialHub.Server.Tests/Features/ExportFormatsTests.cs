using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>Issue 17 item 9: GeoPackage, zipped Shapefile and KML exports, judged by GDAL's ogrinfo: every file opens,
/// holds as many features as the dataset, keeps Chinese values, and an HK1980 Grid export gives back the source's own
/// easting/northing.</summary>
[Trait("Category", "Integration")]
public sealed class ExportFormatsTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>, IDisposable
{
    private const string Grid = "http://www.opengis.net/def/crs/EPSG/0/2326";
    private readonly TemporaryFolder _folder = new("spatialhub-exports");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("gpkg")]
    [InlineData("shp")]
    [InlineData("kml")]
    public async Task Each_format_opens_in_ogrinfo_with_every_district_and_its_chinese_name(string format)
    {
        var file = await DownloadAsync($"/collections/districts/items?f={format}", format);
        var info = await GisClientOneLinerTests.GdalAsync("ogrinfo", "-ro", "-al", file);

        Regex.Matches(info, @"^OGRFeature\(", RegexOptions.Multiline).Count.ShouldBe(await CountAsync("districts"));
        info.ShouldContain("北區");
        info.ShouldContain("DC_CHIN");
        info.ShouldContain("POLYGON");
    }

    [Theory]
    [InlineData("gpkg")]
    [InlineData("shp")]
    public async Task An_hk1980_grid_export_gives_back_the_source_easting_and_northing_to_the_millimetre(string format)
    {
        var file = await DownloadAsync($"/collections/it-sites/items?f={format}&crs={Grid}", format);
        var info = await GisClientOneLinerTests.GdalAsync("ogrinfo", "-ro", "-al", file);
        Regex.Matches(info, @"^OGRFeature\(", RegexOptions.Multiline).Count.ShouldBe(await CountAsync("it-sites"));
        Regex.IsMatch(info, "Hong.Kong.1980.Grid").ShouldBeTrue(info);

        var source = File.ReadAllLines(Path.Combine(RepositoryPaths.DataSamples, "it-sites-hk1980.csv")).Skip(1).Select(l => l.Split(','))
            .Where(p => p[0] is "HKSP" or "CYBERPORT").ToList();
        source.Count.ShouldBe(2);
        foreach (var site in source)
        {
            // ogrinfo prints each feature's fields, then its geometry, as in "site_id (String) = HKSP ... POINT (839884.226 831804.513)".
            var match = Regex.Match(info, $@"site_id \(String\) = {site[0]}\b.*?POINT \(([-0-9.]+) ([-0-9.]+)\)", RegexOptions.Singleline);
            match.Success.ShouldBeTrue(site[0]);
            Math.Abs(Number(match.Groups[1].Value) - Number(site[5])).ShouldBeLessThanOrEqualTo(0.001, site[0]);
            Math.Abs(Number(match.Groups[2].Value) - Number(site[6])).ShouldBeLessThanOrEqualTo(0.001, site[0]);
        }
    }

    [Fact]
    public async Task A_zipped_shapefile_has_its_five_parts_a_utf8_code_page_and_a_prj_gdal_identifies()
    {
        var folder = Path.Combine(_folder.Path, "wifi");
        using (var zip = new ZipArchive(await (await factory.CreateClient().GetAsync($"/collections/wifi-hk/items?f=shp&crs={Grid}")).Content.ReadAsStreamAsync()))
        {
            zip.Entries.Select(e => e.Name).Order().ShouldBe(["wifi-hk.cpg", "wifi-hk.dbf", "wifi-hk.prj", "wifi-hk.shp", "wifi-hk.shx"]);
            zip.ExtractToDirectory(folder);
        }
        (await File.ReadAllTextAsync(Path.Combine(folder, "wifi-hk.cpg"))).ShouldBe("UTF-8");
        var srs = await GisClientOneLinerTests.GdalAsync("gdalsrsinfo", "-e", "-o", "epsg", Path.Combine(folder, "wifi-hk.prj"));
        srs.ShouldContain("EPSG:2326");

        var info = await GisClientOneLinerTests.GdalAsync("ogrinfo", "-ro", "-so", "-al", Path.Combine(folder, "wifi-hk.shp"));
        Regex.Match(info, @"Feature Count: (\d+)").Groups[1].Value.ShouldBe((await CountAsync("wifi-hk")).ToString(CultureInfo.InvariantCulture));
        // dBASE names are at most 10 characters and unique: LocationNameEN and LocationID must not become one name.
        var names = Regex.Matches(info, @"^(\w+): (String|Integer|Integer64|Real|Date|Logical) ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        names.Count.ShouldBeGreaterThan(5);
        names.ShouldAllBe(n => n.Length <= 10);
        names.Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(names.Count);
        names.ShouldContain("LocationID");
    }

    [Theory]
    [InlineData("/collections/it-sites/items?f=kml&crs=" + Grid, "KML is always WGS84")]
    [InlineData("/collections/it-sites/items?f=gpkg&crs=http://www.opengis.net/def/crs/EPSG/0/3857", "HK1980 Grid")]
    [InlineData("/collections/it-sites/items?f=xlsx", "gpkg, shp or kml")]
    public async Task Unsupported_combinations_are_a_400_that_says_why(string url, string message)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(message);
    }

    private async Task<string> DownloadAsync(string url, string format)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var file = Path.Combine(_folder.Path, $"{Guid.NewGuid():N}.{format}");
        if (format != "shp")
        {
            await File.WriteAllBytesAsync(file, bytes);
            return file;
        }
        using var zip = new ZipArchive(new MemoryStream(bytes));
        zip.ExtractToDirectory(file);
        return Directory.GetFiles(file, "*.shp").Single();
    }

    private async Task<int> CountAsync(string dataset)
    {
        var page = JsonDocument.Parse(await factory.CreateClient().GetStringAsync($"/collections/{dataset}/items?limit=1"));
        var count = page.RootElement.GetProperty("numberMatched").GetInt32();
        count.ShouldBeGreaterThan(1);
        return count;
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
