using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using SpatialHub.Server.Cli;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles.Export;

/// <summary><c>spatialhub tiles export</c> to PMTiles and MBTiles, each file judged by a reader SpatialHub did not
/// write: the npm <c>pmtiles</c> package and GDAL's MBTiles driver.</summary>
[Trait("Category", "Integration")]
[Collection(TilesCollection.Name)]
public sealed partial class TileExportTests(SpatialHubFactory factory)
{
    // A z12 tile over Central and Admiralty, where Wi-Fi.HK has many venues.
    private const int Z = 12, X = 3346, Y = 1787;

    [Fact]
    public async Task Pmtiles_archive_opens_in_the_npm_reader_with_the_right_header_and_the_services_features()
    {
        using var folder = new TemporaryFolder("spatialhub-archive");
        var archive = Path.Combine(folder.Path, "wifi.pmtiles");
        (await ExportAsync(archive, "--minzoom", "5", "--maxzoom", "12")).ShouldBe(0);

        using var read = JsonDocument.Parse(await RunAsync("node", Path.Combine(RepositoryPaths.Root, "tests", "SpatialHub.Server.Tests", "Tiles", "Export", "read-pmtiles.mjs"),
            Path.Combine(RepositoryPaths.Root, "src", "SpatialHub.Server", "ClientApp", "node_modules"), archive, $"{Z}", $"{X}", $"{Y}"));
        var header = read.RootElement.GetProperty("header");
        header.GetProperty("specVersion").GetInt32().ShouldBe(3);
        (header.GetProperty("minZoom").GetInt32(), header.GetProperty("maxZoom").GetInt32()).ShouldBe((5, 12));
        header.GetProperty("tileType").GetInt32().ShouldBe(1, "MVT");
        header.GetProperty("tileCompression").GetInt32().ShouldBe(2, "gzip");
        var bbox = (await TilesCollection.DatasetAsync(factory, "wifi-hk")).Bbox!;
        header.GetProperty("minLon").GetDouble().ShouldBe(bbox[0], 1e-6);
        header.GetProperty("minLat").GetDouble().ShouldBe(bbox[1], 1e-6);
        header.GetProperty("maxLon").GetDouble().ShouldBe(bbox[2], 1e-6);
        header.GetProperty("maxLat").GetDouble().ShouldBe(bbox[3], 1e-6);
        read.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetString()).ShouldBe(["wifi-hk"]);

        var fromArchive = DecodedTile.Decode(Convert.FromBase64String(read.RootElement.GetProperty("tile").GetString()!)).Layer("wifi-hk");
        var fromService = (await DecodedTile.GetAsync(factory.CreateClient(), $"/tiles/wifi-hk/{Z}/{X}/{Y}")).Layer("wifi-hk");
        fromService.Count.ShouldBeGreaterThan(0);
        fromArchive.Count.ShouldBe(fromService.Count);
        fromArchive.Sum(f => f.PointCount).ShouldBe(fromService.Sum(f => f.PointCount));
    }

    [Fact]
    public async Task Mbtiles_file_opens_in_gdal_with_the_services_feature_count_for_a_tile()
    {
        using var folder = new TemporaryFolder("spatialhub-archive");
        var file = Path.Combine(folder.Path, "wifi.mbtiles");
        (await ExportAsync(file, "--minzoom", "5", "--maxzoom", "12")).ShouldBe(0);

        var layers = await RunAsync("ogrinfo", "-ro", "-q", file);
        layers.ShouldContain("wifi-hk");
        var metadata = await RunAsync("ogrinfo", "-ro", "-al", "-so", "-oo", "ZOOM_LEVEL=12", file);
        metadata.ShouldContain("ZOOM_LEVEL=12", Case.Insensitive);

        // One tile, cut out with a spatial filter (in the file's EPSG:3857) strictly inside it, so that neighbouring
        // tiles cannot add features.
        const double size = 2 * 20037508.3427892 / (1 << Z);
        var (west, north) = (-20037508.3427892 + X * size, 20037508.3427892 - Y * size);
        var counted = await RunAsync("ogrinfo", "-ro", "-so", "-oo", "ZOOM_LEVEL=12", "-oo", "CLIP=NO",
            "-spat", F(west + 1), F(north - size + 1), F(west + size - 1), F(north - 1), file, "wifi-hk");
        var gdalCount = int.Parse(FeatureCount().Match(counted).Groups[1].Value, CultureInfo.InvariantCulture);

        var service = (await DecodedTile.GetAsync(factory.CreateClient(), $"/tiles/wifi-hk/{Z}/{X}/{Y}")).Layer("wifi-hk");
        service.Count(f => f.InExtent).ShouldBeGreaterThan(0);
        gdalCount.ShouldBe(service.Count(f => f.InExtent && f.X is > 4 and < 4092 && f.Y is > 4 and < 4092), counted);
    }

    [Fact]
    public async Task Mbtiles_rows_are_tms_and_tiles_are_gzip()
    {
        using var folder = new TemporaryFolder("spatialhub-archive");
        var file = Path.Combine(folder.Path, "wifi.mbtiles");
        (await ExportAsync(file, "--minzoom", "12", "--maxzoom", "12")).ShouldBe(0);
        await using var sqlite = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var query = sqlite.CreateCommand();
        query.CommandText = "SELECT tile_data FROM tiles WHERE zoom_level = $z AND tile_column = $x AND tile_row = $row";
        query.Parameters.AddWithValue("$z", Z);
        query.Parameters.AddWithValue("$x", X);
        query.Parameters.AddWithValue("$row", (1 << Z) - 1 - Y);
        var stored = (byte[])(await query.ExecuteScalarAsync()).ShouldNotBeNull();
        stored.Take(2).ShouldBe(new byte[] { 0x1f, 0x8b }, "gzip magic");
        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        plain.ToArray().ShouldBe(await factory.CreateClient().GetByteArrayAsync($"/tiles/wifi-hk/{Z}/{X}/{Y}"));
    }

    [Fact]
    public async Task An_unknown_format_is_a_one_line_error()
    {
        using var folder = new TemporaryFolder("spatialhub-archive");
        (await ExportAsync(Path.Combine(folder.Path, "x.zip"), "--format", "zip", "--maxzoom", "5")).ShouldNotBe(0);
    }

    private Task<int> ExportAsync(string output, params string[] more) =>
        SpatialHubCli.RunAsync(["tiles", "export", "--connection", factory.ConnectionString, "--layers", "wifi-hk", "--output", output, .. more]);

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, $"{program} {string.Join(' ', arguments)}: {await error}");
        return await output;
    }

    [GeneratedRegex(@"Feature Count: (\d+)")]
    private static partial Regex FeatureCount();
}
