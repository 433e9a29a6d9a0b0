using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;
using static SpatialHub.Server.Tests.Reliability.HostileUploads;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>The service on a real port (so that a request body streams while the import holds its slot) with small
/// import bounds, no samples, and one import at a time.</summary>
public sealed class HostileUploadFactory : LoopbackSpatialHubFactory
{
    public const int MaxArchiveBytes = 8 * 1024 * 1024;
    public const int MaxRows = 1_000;
    public const int MaxFeatureBytes = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:ImportSamplesWhenEmpty", "false");
        builder.UseSetting("SpatialHub:WritesPerMinute", "1000000");
        builder.UseSetting("SpatialHub:Import:MaxArchiveBytes", MaxArchiveBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("SpatialHub:Import:MaxArchiveEntries", "50");
        builder.UseSetting("SpatialHub:Import:MaxRows", MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("SpatialHub:Import:MaxFeatureBytes", MaxFeatureBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("SpatialHub:Import:MaxConcurrentImports", "1");
        builder.UseSetting("SpatialHub:Import:TimeoutSeconds", TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public const int TimeoutSeconds = 10;
}

/// <summary>
/// Uploads that try to read server files, make the server fetch URLs (server-side request forgery) or exhaust its
/// disk, through the HTTP API against real PostGIS and GDAL. Each is refused with a 4xx problem, publishes nothing,
/// and the loopback listener standing in for an internal service receives no connection.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileUploadTests(HostileUploadFactory factory) : IClassFixture<HostileUploadFactory>, IDisposable
{
    private static readonly string Districts = RepositoryPaths.Sample("hk-18-districts-2001-hk1980.geojson");
    private readonly LoopbackListener _listener = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("hostile-").FullName;

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("gml")]
    [InlineData("kml")]
    public async Task A_vrt_reading_a_server_file_is_refused_and_publishes_nothing(string format)
    {
        var problem = await RefusedAsync($"vrt-local-{format}", $"format={format}", Utf8(LocalFileVrt("/usr/share/gdal/gdalvrt.xsd")));

        problem.Status.ShouldBeOneOf(HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("xml", false)]
    [InlineData("kml", false)]
    [InlineData("zip", true)]
    public async Task A_vrt_fetching_a_url_is_refused_and_nothing_reaches_the_url(string format, bool zipped)
    {
        var vrt = Utf8(RemoteVrt(_listener.Url("points.csv")));
        var body = zipped ? Zip(("layer.kml", vrt)) : vrt;

        await RefusedAsync($"vrt-remote-{format}", $"format={format}", body);

        _listener.Connections.ShouldBe(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_wfs_service_file_sent_as_gml_is_refused_and_fetches_nothing(bool zipped)
    {
        var wfs = Utf8(WfsServiceFile(_listener.Url("wfs")));

        await RefusedAsync($"wfs-{zipped}".ToLowerInvariant(), zipped ? "format=zip" : "format=gml", zipped ? Zip(("service.gml", wfs)) : wfs);

        _listener.Connections.ShouldBe(0);
    }

    [Fact]
    public async Task A_gml_whose_schema_location_is_a_url_imports_its_own_feature_and_fetches_nothing()
    {
        var response = await factory.CreateWriter().PutAsync("/api/datasets/gml-schema?format=gml", Body(Utf8(GmlWithRemoteSchema(_listener.Url("wfs")))));

        ((int)response.StatusCode).ShouldBeLessThan(500, await response.Content.ReadAsStringAsync());
        _listener.Connections.ShouldBe(0);
        if (response.IsSuccessStatusCode)
        {
            (await FeatureCountAsync("gml-schema")).ShouldBe(1);
        }
    }

    [Theory]
    [InlineData("gml")]
    [InlineData("kml")]
    public async Task Gml_and_kml_with_external_entities_are_refused_and_read_or_fetch_nothing(string format)
    {
        var marker = $"server-secret-{Guid.NewGuid():N}";
        var secret = Path.Combine(Path.GetTempPath(), marker);
        await File.WriteAllTextAsync(secret, marker);
        try
        {
            var document = format == "gml" ? GmlWithExternalEntities(secret, _listener.Url("entity")) : KmlWithExternalEntities(secret, _listener.Url("entity"));

            var problem = await RefusedAsync($"xxe-{format}", $"format={format}", Utf8(document));

            problem.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
            problem.Detail.ShouldContain("DOCTYPE");
            problem.Detail.ShouldNotContain(marker);
            _listener.Connections.ShouldBe(0);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public async Task A_zip_bomb_is_413_and_publishes_nothing()
    {
        var bomb = ZipBomb("bomb.csv", 4 * HostileUploadFactory.MaxArchiveBytes);
        bomb.Length.ShouldBeLessThan(HostileUploadFactory.MaxArchiveBytes / 100);

        var problem = await RefusedAsync("zip-bomb", "format=zip", bomb);

        problem.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        problem.Detail.ShouldContain("MaxArchiveBytes", Case.Sensitive, problem.Detail);
    }

    [Fact]
    public async Task A_zip_of_many_entries_is_413()
    {
        var entries = Enumerable.Range(0, 60).Select(i => ($"part{i}.txt", (byte[]?)Utf8("x"))).ToArray();

        (await RefusedAsync("zip-entries", "format=zip", Zip(entries))).Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("../../../../../../../../tmp/{0}.csv")]
    [InlineData("/tmp/{0}.csv")]
    [InlineData("data/../../{0}.csv")]
    public async Task A_zip_entry_that_climbs_out_is_refused_and_writes_nothing_outside(string template)
    {
        var escaped = $"escaped-{Guid.NewGuid():N}";
        var zip = Zip((string.Format(System.Globalization.CultureInfo.InvariantCulture, template, escaped), Utf8("name,Latitude,Longitude\nA,22.28,114.15\n")));

        var problem = await RefusedAsync("zip-traversal", "format=zip", zip);

        problem.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        File.Exists($"/tmp/{escaped}.csv").ShouldBeFalse();
    }

    [Fact]
    public async Task A_zip_holding_a_symbolic_link_is_refused()
    {
        var problem = await RefusedAsync("zip-link", "format=zip", Zip(("passwd.csv", null)));

        problem.Detail.ShouldContain("symbolic link");
    }

    [Fact]
    public async Task A_shapefile_whose_prj_names_a_url_is_refused_and_fetches_nothing()
    {
        var shapefile = await Ogr2OgrAsync("ESRI Shapefile", "districts.shp");
        await File.WriteAllTextAsync(Path.ChangeExtension(shapefile, ".prj"), _listener.Url("epsg/2326.prj"));
        var zip = Zip(Directory.GetFiles(_folder, "districts.*").Select(p => ("districts/" + Path.GetFileName(p), (byte[]?)File.ReadAllBytes(p))).ToArray());

        var problem = await RefusedAsync("hostile-prj", "format=zip", zip);

        problem.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        _listener.Connections.ShouldBe(0);
    }

    [Theory]
    [InlineData("kml", "GeoJSON", "districts.geojson", "KML")]
    [InlineData("gml", "GPKG", "districts.gpkg", "GML")]
    [InlineData("gpkg", "KML", "districts.kml", "GeoPackage")]
    public async Task Content_of_another_format_than_declared_is_415_naming_both(string declared, string driver, string fileName, string declaredTitle)
    {
        var file = await Ogr2OgrAsync(driver, fileName);

        var problem = await RefusedAsync($"mismatch-{declared}", $"format={declared}", await File.ReadAllBytesAsync(file));

        problem.Status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        problem.Detail.ShouldContain($"declared as {declaredTitle}");
        problem.Detail.ShouldContain(driver == "GPKG" ? "GeoPackage" : driver);
    }

    [Fact]
    public async Task A_spatialite_database_whose_virtual_table_reads_a_server_file_is_not_accepted()
    {
        var database = Path.Combine(_folder, "leak.sqlite");
        await RunAsync("ogr2ogr", "-f", "SQLite", "-dsco", "SPATIALITE=YES", database, Districts);
        await RunAsync("ogrinfo", database, "-q", "-sql", "CREATE VIRTUAL TABLE leak USING VirtualText('/etc/passwd', 'UTF-8', 0, POINT, NONE, ',')");

        var problem = await RefusedAsync("spatialite", "format=sqlite", await File.ReadAllBytesAsync(database));

        problem.Status.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await RefusedAsync("spatialite-zip", "format=zip", Zip(("leak.sqlite", await File.ReadAllBytesAsync(database))))).Status
            .ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task More_rows_than_the_cap_is_413_and_publishes_nothing()
    {
        var csv = "name,Latitude,Longitude\n" + string.Concat(Enumerable.Range(0, HostileUploadFactory.MaxRows + 1).Select(i => $"p{i},22.28,114.15\n"));

        var problem = await RefusedAsync("too-many-rows", "format=csv", Utf8(csv));

        problem.Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        problem.Detail.ShouldContain("MaxRows");
    }

    [Fact]
    public async Task A_feature_over_the_size_cap_is_422_at_its_line()
    {
        var ring = Enumerable.Range(0, 10_000).Select(i => $"[{114 + Math.Cos(i * 2 * Math.PI / 10_000) * 0.01:R},{22.3 + Math.Sin(i * 2 * Math.PI / 10_000) * 0.01:R}]").ToList();
        ring.Add(ring[0]);
        var geoJson = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"huge"},"geometry":{"type":"Polygon","coordinates":[["""
            + string.Join(",", ring) + "]]}}]}";

        var problem = await RefusedAsync("huge-feature", "format=geojson", Utf8(geoJson));

        problem.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.Body.GetProperty("issues")[0].GetProperty("reason").GetString()!.ShouldContain("MaxFeatureBytes");
    }

    [Fact]
    public async Task A_zipped_shapefile_upload_still_imports()
    {
        await Ogr2OgrAsync("ESRI Shapefile", "districts.shp");
        var zip = Zip(Directory.GetFiles(_folder, "districts.*").Select(p => (Path.GetFileName(p), (byte[]?)File.ReadAllBytes(p))).ToArray());

        var response = await factory.CreateWriter().PutAsync("/api/datasets/zipped-upload?format=zip", Body(zip));

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await FeatureCountAsync("zipped-upload")).ShouldBe(18);
    }

    [Fact]
    public async Task An_import_beyond_the_concurrency_cap_is_503_with_retry_after()
    {
        // Over a raw socket: the headers and half the body go now, so the handler holds the only slot until the rest comes.
        const string rest = "A,22.28,114.15\n";
        var head = "name,Latitude,Longitude\n";
        using var held = new System.Net.Sockets.TcpClient();
        await held.ConnectAsync(factory.BaseUri.Host, factory.BaseUri.Port);
        var stream = held.GetStream();
        await stream.WriteAsync(Utf8($"PUT /api/datasets/held?format=csv HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {SpatialHubFactory.ApiKey}\r\n"
            + $"Content-Type: text/csv\r\nContent-Length: {head.Length + rest.Length}\r\n\r\n{head}"));
        await stream.FlushAsync();
        using var client = new HttpClient { BaseAddress = factory.BaseUri };
        client.DefaultRequestHeaders.Add("X-Api-Key", SpatialHubFactory.ApiKey);
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 200 && refused is null; attempt++)
        {
            var second = await client.PutAsync("/api/datasets/second?format=csv", Body(Utf8(head + rest)));
            if (second.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                refused = second;
            }
            else
            {
                await Task.Delay(50); // the held request has not reached the handler yet
            }
        }
        await stream.WriteAsync(Utf8(rest));
        using var reader = new StreamReader(stream);
        var status = await reader.ReadLineAsync();

        refused.ShouldNotBeNull();
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await refused.Content.ReadAsStringAsync()).ShouldContain("MaxConcurrentImports");
        status.ShouldBe("HTTP/1.1 200 OK");
    }

    [Fact]
    public async Task A_geopackage_view_that_never_ends_is_stopped_at_the_timeout()
    {
        var geoPackage = await Ogr2OgrAsync("GPKG", "slow.gpkg");
        foreach (var sql in new[]
                 {
                     "CREATE VIEW slow AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000000) "
                     + "SELECT c.x AS fid, d.geom AS geom FROM c, hk_18_districts_census2001_hk1980 d WHERE d.fid = 1 AND c.x < 0",
                     "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('slow', 'features', 'slow', 2326)",
                     "INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES ('slow', 'geom', 'GEOMETRY', 2326, 0, 0)",
                 })
        {
            await RunAsync("ogrinfo", geoPackage, "-q", "-sql", sql);
        }

        var problem = await RefusedAsync("slow-view", "format=gpkg", await File.ReadAllBytesAsync(geoPackage));

        problem.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.Detail.ShouldContain("TimeoutSeconds");
        Process.GetProcessesByName("ogrinfo").Concat(Process.GetProcessesByName("ogr2ogr"))
            .ShouldNotContain(p => p.StartTime > DateTime.Now.AddSeconds(-2 * HostileUploadFactory.TimeoutSeconds) && CommandLine(p).Contains("spatialhub-import-"));
    }

    [Fact]
    public async Task The_cli_refuses_a_vrt_reading_a_server_file_and_imports_nothing()
    {
        var connection = await TestCluster.CreateDatabaseAsync();
        var vrt = Path.Combine(_folder, "places.xml");
        await File.WriteAllTextAsync(vrt, LocalFileVrt("/usr/share/gdal/gdalvrt.xsd"));

        var result = await SpatialHubCliProcess.RunAsync(["import", vrt, "--dataset", "cli-vrt", "--connection", connection]);

        result.ExitCode.ShouldBe(1, result.Output + result.Error);
        (result.Output + result.Error).ShouldNotContain("gdalvrt.xsd");
        var list = await SpatialHubCliProcess.RunAsync(["datasets", "--connection", connection]);
        list.Output.ShouldNotContain("cli-vrt");
    }

    private sealed record Problem(HttpStatusCode Status, string Detail, JsonElement Body);

    /// <summary>Uploads <paramref name="body"/>; asserts a 4xx problem and that the dataset does not exist afterwards.</summary>
    private async Task<Problem> RefusedAsync(string datasetId, string query, byte[] body)
    {
        var response = await factory.CreateWriter().PutAsync($"/api/datasets/{datasetId}?{query}", Body(body));
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeInRange(400, 499, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        text.ShouldNotContain("/tmp/", Case.Sensitive, "the answer names a server path");
        text.ShouldNotContain($":{_listener.Port}", Case.Sensitive, "the answer names the listener");
        (await factory.CreateClient().GetAsync($"/collections/{datasetId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await factory.CreateClient().GetAsync($"/api/datasets/{datasetId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var json = JsonDocument.Parse(text).RootElement;
        return new Problem(response.StatusCode, json.GetProperty("detail").GetString() ?? "", json);
    }

    private async Task<long> FeatureCountAsync(string datasetId) =>
        (await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}")).GetProperty("featureCount").GetInt64();

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private async Task<string> Ogr2OgrAsync(string driver, string fileName)
    {
        var output = Path.Combine(_folder, fileName);
        await RunAsync("ogr2ogr", "-f", driver, output, Districts);
        return output;
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
    }

    private static string CommandLine(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }
}
