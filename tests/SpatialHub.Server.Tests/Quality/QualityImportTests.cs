using System.Text;
using Shouldly;
using SpatialHub.Core.Import;
using SpatialHub.Core.Quality;
using SpatialHub.PostGis.Import;
using SpatialHub.PostGis.Quality;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Quality;

/// <summary>The quality checks of a real import into PostGIS, on the real samples and on crafted files.</summary>
[Trait("Category", "Integration")]
public sealed class QualityImportTests
{
    private static readonly string Courts = Path.Combine(RepositoryPaths.Root, "tests", "SpatialHub.Server.Tests", "Fixtures", "quality", "lcsd-basketball-courts.csv");

    private static async Task<QualityReport?> ImportAsync(TestDatabase db, string id, string path, QualityRequest? quality = null, string? title = null)
    {
        await using var stream = File.OpenRead(path);
        var fileName = Path.GetFileName(path);
        var reader = FeatureReaders.Open(stream, new ReaderOptions(fileName), format: null);
        await new DatasetImporter(db.DataSource).ImportAsync(new ImportRequest(id, title ?? id, fileName, Quality: quality), reader);
        return await new QualityStore(db.DataSource).FindAsync(id);
    }

    private static async Task<QualityReport?> ImportTextAsync(TestDatabase db, string id, string csv)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{id}-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv, Encoding.UTF8);
        try
        {
            return await ImportAsync(db, id, path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Task<QualityReport?> ImportDistrictsAsync(TestDatabase db) =>
        ImportAsync(db, "districts", RepositoryPaths.Sample("hk-18-districts-2001-hk1980.geojson"), title: "District Council districts (2001 census boundaries)");

    [Fact]
    public async Task The_lcsd_courts_agree_to_millimetres_except_eight_rows_up_to_37_m_as_proj_finds()
    {
        await using var db = await TestDatabase.CreateAsync();

        var pairs = (await ImportAsync(db, "courts", Courts))!.CoordinatePairs!;

        // Figures from PROJ's cs2cs on the same columns (fixture PROVENANCE.md): median 3.2 mm, 8 rows beyond 5 m.
        pairs.Compared.ShouldBe(306);
        pairs.NotCompared.ShouldBe(0);
        pairs.MedianMetres!.Value.ShouldBe(0.0032, 0.0005);
        pairs.BeyondTolerance.ShouldBe(8);
        pairs.Rows.Select(r => r.DistanceMetres!.Value).Order().ShouldBe([6.17, 8.62, 9.64, 10.08, 12.91, 21.58, 26.88, 37.41], tolerance: 0.02);
        var worst = pairs.Rows.MaxBy(r => r.DistanceMetres)!;
        worst.Line.ShouldBe(13); // Cheung Fat Sports Centre (Python's csv module puts the record there too)
        worst.Easting.ShouldBe(828627.9);
        pairs.MaxMetres!.Value.ShouldBe(37.41, 0.01);
    }

    [Fact]
    public async Task Science_park_says_tai_po_but_falls_in_sha_tin_of_the_2001_boundaries()
    {
        await using var db = await TestDatabase.CreateAsync();
        await ImportDistrictsAsync(db);

        var report = (await ImportAsync(db, "it-sites", RepositoryPaths.Sample("it-sites-hk1980.csv")))!;

        var zones = report.Zones!;
        zones.Field.ShouldBe("district");
        zones.ZoneLayer.Id.ShouldBe("districts");
        zones.ZoneLayer.Title.ShouldContain("2001");
        zones.ZoneLayer.SourceFile.ShouldBe("hk-18-districts-2001-hk1980.geojson");
        zones.MatchedShare.ShouldBeGreaterThanOrEqualTo(0.9);
        zones.Checked.ShouldBe(27);
        // Six sites at Pak Shek Kok (Science Park and its institutes) lie in Sha Tin of 2001; InnoCentre is over the
        // Sham Shui Po line. "Central and Western" is the same district as the layer's "Central & Western".
        zones.Mismatched.ShouldBe(7);
        zones.Rows.ShouldContain(r => r.FeatureId == 1 && r.Value == "Tai Po" && r.FallsIn == "Sha Tin");
        zones.Rows.Count(r => r.FallsIn == "Sha Tin").ShouldBe(6);
        report.Flagged.ShouldContain(f => f.FeatureId == 1 && f.Check == "zone" && f.Reason.Contains("2001"));
    }

    [Fact]
    public async Task A_crafted_wrong_district_is_the_only_mismatch_and_chinese_names_count()
    {
        await using var db = await TestDatabase.CreateAsync();
        await ImportDistrictsAsync(db);
        // Positions from it-sites; line 6 claims Wan Chai for Cyberport's AI centre (Southern); line 7 names HKU's district in Chinese.
        var csv = """
            name,district,Easting,Northing
            Cyberport,Southern,831446.903,813699.658
            CityU,Sham Shui Po,835868.877,821992.927
            CUHK,Sha Tin,839300.631,831096.783
            HKUST,Sai Kung,845200.174,821884.426
            Cyberport AI,Wan Chai,831491.206,813638.741
            HKU,中西區,832244.786,816124.398

            """;

        var zones = (await ImportTextAsync(db, "crafted-districts", csv))!.Zones!;

        zones.Mismatched.ShouldBe(1);
        var row = zones.Rows.ShouldHaveSingleItem();
        (row.FeatureId, row.Value, row.FallsIn).ShouldBe((5L, "Wan Chai", "Southern"));
    }

    [Fact]
    public async Task Named_zone_field_is_checked_even_below_the_share_and_no_layer_means_no_zone_report()
    {
        await using var db = await TestDatabase.CreateAsync();
        var csv = "name,district,Easting,Northing\nCyberport,Southern,831446.903,813699.658\n";

        (await ImportTextAsync(db, "no-layer", csv))!.Zones.ShouldBeNull();
        await ImportDistrictsAsync(db);
        var path = Path.Combine(Path.GetTempPath(), $"named-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "name,area,Easting,Northing\nCyberport,Southern,831446.903,813699.658\nX,Nowhere,831491.206,813638.741\n");
        try
        {
            var zones = (await ImportAsync(db, "named", path, new QualityRequest(new QualityOptions(), ZoneField: "area")))!.Zones!;
            zones.MatchedShare.ShouldBe(0.5);
            zones.Mismatched.ShouldBe(1);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Checks_switched_off_store_no_report_and_the_import_still_lands()
    {
        await using var db = await TestDatabase.CreateAsync();

        var report = await ImportAsync(db, "courts", Courts, new QualityRequest(new QualityOptions { Enabled = false }));

        report.ShouldBeNull();
        (await db.Catalog.GetAsync("courts")).FeatureCount.ShouldBe(306);
    }
}
