using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Shouldly;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Import;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Import;

/// <summary>Files of several layers (CSDI downloads often are), .gdb folders as they sit once unzipped, zips of
/// zips, and <c>spatialhub inspect</c>, judged against GDAL's own ogr2ogr-made files and counts.</summary>
[Trait("Category", "Integration")]
public sealed class LayersAndFoldersTests : IDisposable
{
    private static readonly string Districts = RepositoryPaths.Sample("hk-18-districts-2001-hk1980.geojson");
    private static readonly string Lampposts = RepositoryPaths.Sample("hko-smart-lampposts.geojson");
    private readonly TemporaryFolder _temp = new("layers");

    private string _folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_geopackage_in_wgs84_imports_although_gdal_names_no_crs_for_it()
    {
        var gpkg = await Ogr2OgrAsync("GPKG", "lampposts.gpkg", Lampposts, "lampposts");
        await using var db = await TestDatabase.CreateAsync();

        var report = await ImportFileAsync(db, "lampposts", gpkg);

        report.Imported.ShouldBe(25);
        report.SourceSrid.ShouldBe(4326);
    }

    [Fact]
    public async Task A_file_of_two_layers_needs_a_choice_and_imports_the_layer_chosen()
    {
        var gpkg = await TwoLayerGeoPackageAsync();
        await using var db = await TestDatabase.CreateAsync();

        var refused = await Should.ThrowAsync<UploadRefusedException>(() => ImportFileAsync(db, "two", gpkg));
        refused.Message.ShouldContain("holds 2 layers (lampposts, districts)");
        refused.Message.ShouldContain("--layer");
        var unknown = await Should.ThrowAsync<UploadRefusedException>(() => ImportFileAsync(db, "two", gpkg, layer: "roads"));
        unknown.Message.ShouldContain("no layer 'roads'; its layers are: lampposts, districts");

        (await ImportFileAsync(db, "districts", gpkg, layer: "districts")).Imported.ShouldBe(18);
        (await ImportFileAsync(db, "lampposts", gpkg, layer: "lampposts")).Imported.ShouldBe(25);
    }

    [Fact]
    public async Task A_gdb_folder_imports_as_its_zip_does()
    {
        var gdb = await Ogr2OgrAsync("OpenFileGDB", "districts.gdb", Districts);
        await using var db = await TestDatabase.CreateAsync();

        (await ImportFileAsync(db, "gdb", gdb)).Imported.ShouldBe(18);
        Directory.Exists(gdb).ShouldBeTrue(); // read, never changed
    }

    [Fact]
    public async Task A_zip_holding_one_zip_of_a_gdb_folder_is_unpacked_one_level_deep()
    {
        var gdb = await Ogr2OgrAsync("OpenFileGDB", "districts.gdb", Districts);
        var inner = Path.Combine(_folder, "inner.zip");
        ZipFile.CreateFromDirectory(gdb, inner, CompressionLevel.Fastest, includeBaseDirectory: true);
        var outer = Path.Combine(_folder, "bundle.zip");
        using (var archive = ZipFile.Open(outer, ZipArchiveMode.Create))
        {
            archive.CreateEntryFromFile(inner, "download/districts.gdb.zip");
        }
        await using var db = await TestDatabase.CreateAsync();

        (await ImportFileAsync(db, "nested", outer)).Imported.ShouldBe(18);
    }

    [Fact]
    public async Task A_folder_that_is_not_a_gdb_is_refused_with_what_is_read()
    {
        await using var db = await TestDatabase.CreateAsync();

        var refused = await Should.ThrowAsync<UploadRefusedException>(() => ImportFileAsync(db, "folder", _folder));

        refused.Message.ShouldContain("only File Geodatabases (.gdb)");
    }

    [Fact]
    public async Task Inspect_lists_each_layer_with_count_crs_extent_and_fields_as_gdal_counts_them()
    {
        var gpkg = await TwoLayerGeoPackageAsync();

        var result = await SpatialHubCliProcess.RunAsync(["inspect", gpkg, "--json"]);

        result.ExitCode.ShouldBe(0, result.Error);
        var layers = JsonDocument.Parse(result.Output).RootElement.GetProperty("layers").EnumerateArray().ToList();
        layers.Select(l => l.GetProperty("name").GetString()).ShouldBe(["lampposts", "districts"]);
        layers.Select(l => l.GetProperty("featureCount").GetInt64()).ShouldBe([await GdalCountAsync(gpkg, "lampposts"), await GdalCountAsync(gpkg, "districts")]);
        layers[0].GetProperty("crs").GetString()!.ShouldStartWith("EPSG:4326");
        layers[1].GetProperty("crs").GetString()!.ShouldStartWith("EPSG:2326");
        layers[1].GetProperty("geometryTypes").EnumerateArray().Select(t => t.GetString()).ShouldBe(["Polygon"]);
        var extent = layers[1].GetProperty("extent").EnumerateArray().Select(v => v.GetDouble()).ToList();
        extent[0].ShouldBe(799186.75, 0.01);
        extent[3].ShouldBe(847618.0, 0.01);
        var field = layers[1].GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "DC_ENG");
        field.GetProperty("samples").GetArrayLength().ShouldBe(3);

        var text = await SpatialHubCliProcess.RunAsync(["inspect", gpkg]);
        text.Output.ShouldContain("Layer districts: 18 features (Polygon), EPSG:2326");
    }

    [Fact]
    public async Task All_layers_import_each_as_its_own_dataset_and_a_failed_layer_keeps_its_previous_version()
    {
        var gpkg = await TwoLayerGeoPackageAsync();
        var outside = Path.Combine(_folder, "outside.geojson");
        await File.WriteAllTextAsync(outside, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[0.5,51.5]}}]}""");
        await ImportFiles.Ogr2OgrAsync(["-update", "-f", "GPKG", gpkg, outside, "-nln", "London Stations"]);
        var connection = await TestCluster.CreateDatabaseAsync();
        var before = await SpatialHubCliProcess.RunAsync(["import", Lampposts, "--dataset", "csdi-london-stations", "--connection", connection]);
        before.ExitCode.ShouldBe(0, before.Error);

        var result = await SpatialHubCliProcess.RunAsync(["import", gpkg, "--all-layers", "--dataset", "csdi", "--connection", connection]);

        result.ExitCode.ShouldBe(1, result.Output + result.Error);
        result.Error.ShouldContain("1 of 3 layers failed and kept their previous version: London Stations (csdi-london-stations)");
        await using var db = TestDatabase.Open(connection);
        (await db.Catalog.GetAsync("csdi-lampposts")).FeatureCount.ShouldBe(25);
        (await db.Catalog.GetAsync("csdi-districts")).FeatureCount.ShouldBe(18);
        (await db.Catalog.GetAsync("csdi-london-stations")).FeatureCount.ShouldBe(25); // the smart lampposts imported before
    }

    [Fact]
    public async Task An_upload_of_two_layers_names_them_and_imports_the_one_given_as_layer()
    {
        var gpkg = await TwoLayerGeoPackageAsync();
        await using var factory = new SpatialHubFactory();
        await factory.InitializeAsync();
        var writer = factory.CreateWriter();

        var refused = await writer.PutAsync("/api/datasets/uploaded?format=gpkg", new ByteArrayContent(await File.ReadAllBytesAsync(gpkg)));
        refused.StatusCode.ShouldBe(System.Net.HttpStatusCode.UnprocessableEntity);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("holds 2 layers (lampposts, districts)");

        var imported = await writer.PutAsync("/api/datasets/uploaded?format=gpkg&layer=districts", new ByteArrayContent(await File.ReadAllBytesAsync(gpkg)));
        imported.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
        JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement.GetProperty("imported").GetInt64().ShouldBe(18);
    }

    private async Task<string> TwoLayerGeoPackageAsync()
    {
        var gpkg = await Ogr2OgrAsync("GPKG", "two.gpkg", Lampposts, "lampposts");
        await ImportFiles.Ogr2OgrAsync(["-update", "-f", "GPKG", gpkg, Districts, "-nln", "districts"]);
        return gpkg;
    }

    private static async Task<long> GdalCountAsync(string file, string layer)
    {
        using var process = Process.Start(new ProcessStartInfo("ogrinfo", ["-ro", "-so", file, layer]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return long.Parse(output.Split('\n').Single(l => l.StartsWith("Feature Count: ", StringComparison.Ordinal))["Feature Count: ".Length..]);
    }

    private static Task<ImportReport> ImportFileAsync(TestDatabase db, string datasetId, string path, string? layer = null) =>
        ImportFiles.ImportAsync(db, datasetId, path, layer: layer);

    private async Task<string> Ogr2OgrAsync(string driver, string fileName, string input, string? layerName = null)
    {
        var output = Path.Combine(_folder, fileName);
        await ImportFiles.Ogr2OgrAsync(["-f", driver, output, input, .. layerName is null ? Array.Empty<string>() : ["-nln", layerName]]);
        return output;
    }
}
