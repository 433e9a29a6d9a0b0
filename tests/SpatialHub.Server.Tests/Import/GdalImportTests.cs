using System.IO.Compression;
using Shouldly;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Import;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Import;

/// <summary>Formats read through GDAL's ogr2ogr land exactly where the project's own readers put the same data.</summary>
[Trait("Category", "Integration")]
public sealed class GdalImportTests : IDisposable
{
    private static readonly string Districts = RepositoryPaths.Sample("hk-18-districts-2001-hk1980.geojson");
    private readonly TemporaryFolder _temp = new("gdal");

    private string _folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_shapefile_with_a_prj_lands_like_the_geojson_it_was_made_from()
    {
        var shapefile = await Ogr2OgrAsync("ESRI Shapefile", "districts.shp");
        await using var db = await TestDatabase.CreateAsync();
        await db.ImportTextAsync("from-geojson", "districts.geojson", await File.ReadAllTextAsync(Districts));

        var report = await ImportFileAsync(db, "from-shapefile", shapefile);

        report.Imported.ShouldBe(18);
        report.SourceSrid.ShouldBe(2326);
        var difference = await db.ScalarAsync<double>($"""
            SELECT max(ST_HausdorffDistance(a.geom_3857, b.geom_3857))
            FROM {(await db.Catalog.GetAsync("from-geojson")).FeatureTable} a
            JOIN {(await db.Catalog.GetAsync("from-shapefile")).FeatureTable} b ON a.properties->>'DC_CODE' = b.properties->>'DC_CODE'
            """);
        difference.ShouldBeLessThan(0.001);
    }

    [Fact]
    public async Task A_zipped_shapefile_is_unpacked_and_read()
    {
        await Ogr2OgrAsync("ESRI Shapefile", "districts.shp");
        var zip = Path.Combine(_folder, "districts.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var part in Directory.GetFiles(_folder, "districts.*").Where(p => !p.EndsWith(".zip", StringComparison.Ordinal)))
            {
                archive.CreateEntryFromFile(part, "districts/" + Path.GetFileName(part));
            }
        }
        await using var db = await TestDatabase.CreateAsync();

        (await ImportFileAsync(db, "zipped", zip)).Imported.ShouldBe(18);
    }

    [Theory]
    [InlineData("GML", "districts.gml")]
    [InlineData("KML", "districts.kml")]
    [InlineData("FlatGeobuf", "districts.fgb")]
    public async Task Gml_kml_and_flatgeobuf_import_all_districts(string driver, string fileName)
    {
        var file = await Ogr2OgrAsync(driver, fileName);
        await using var db = await TestDatabase.CreateAsync();

        (await ImportFileAsync(db, "other", file)).Imported.ShouldBe(18);
    }

    [Fact]
    public async Task A_zipped_file_geodatabase_imports()
    {
        var gdb = await Ogr2OgrAsync("OpenFileGDB", "districts.gdb");
        var zip = Path.Combine(_folder, "districts.gdb.zip");
        ZipFile.CreateFromDirectory(gdb, zip, CompressionLevel.Fastest, includeBaseDirectory: true);
        await using var db = await TestDatabase.CreateAsync();

        (await ImportFileAsync(db, "gdb", zip)).Imported.ShouldBe(18);
    }

    [Fact]
    public async Task A_shapefile_without_prj_needs_srs_and_imports_with_it()
    {
        var shapefile = await Ogr2OgrAsync("ESRI Shapefile", "noprj.shp");
        File.Delete(Path.ChangeExtension(shapefile, ".prj"));
        await using var db = await TestDatabase.CreateAsync();

        var error = await Should.ThrowAsync<ImportFailedException>(() => ImportFileAsync(db, "noprj", shapefile));
        error.Issues[0].ToString().ShouldContain("--srs");
        error.Issues[0].File.ShouldBe("noprj.shp");

        (await ImportFileAsync(db, "noprj", shapefile, srs: "EPSG:2326")).Imported.ShouldBe(18);
    }

    [Fact]
    public async Task A_geopackage_imports_with_its_attributes()
    {
        var geoPackage = await Ogr2OgrAsync("GPKG", "districts.gpkg");
        await using var db = await TestDatabase.CreateAsync();

        await ImportFileAsync(db, "gpkg", geoPackage);

        var names = await db.ScalarAsync<string[]>($"SELECT array_agg(properties->>'DC_ENG' ORDER BY properties->>'DC_ENG') FROM {(await db.Catalog.GetAsync("gpkg")).FeatureTable}");
        names.Length.ShouldBe(18);
        names.ShouldContain("Tai Po");
    }

    [Fact]
    public async Task A_file_gdal_cannot_open_is_refused_with_gdals_reason()
    {
        var broken = Path.Combine(_folder, "broken.gpkg");
        await File.WriteAllTextAsync(broken, "this is not a geopackage");
        await using var db = await TestDatabase.CreateAsync();

        var error = await Should.ThrowAsync<ImportFailedException>(() => ImportFileAsync(db, "broken", broken));

        error.Issues.ShouldContain(i => i.Reason.Contains("GDAL could not read the file", StringComparison.Ordinal));
    }

    private static Task<ImportReport> ImportFileAsync(TestDatabase db, string datasetId, string path, string? srs = null) =>
        ImportFiles.ImportAsync(db, datasetId, path, srs);

    private async Task<string> Ogr2OgrAsync(string driver, string fileName)
    {
        var output = Path.Combine(_folder, fileName);
        await ImportFiles.Ogr2OgrAsync("-f", driver, output, Districts);
        return output;
    }
}
