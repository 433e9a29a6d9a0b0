using System.Globalization;
using System.Text;
using Shouldly;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.PostGis.Tests.Import;

/// <summary>Imports into a real PostGIS: what lands, where, and that a refused import changes nothing.</summary>
[Trait("Category", "Integration")]
public sealed class DatasetImporterTests
{
    private const string GoodCsv = "name,Easting,Northing\nScience Park,839884.226,831804.513\nCyberport,832330.0,812270.0\n";

    [Fact]
    public async Task An_hk1980_csv_lands_where_proj_puts_it_in_wgs84_and_web_mercator()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.ImportTextAsync("sites", "sites.csv", GoodCsv);

        var (lon, lat) = await ReadPointAsync(db, "sites", 1, "geom");
        var (expectedLon, expectedLat) = Cs2cs.Transform("EPSG:2326", "EPSG:4326", 839884.226, 831804.513);
        lon.ShouldBe(expectedLon, 1e-8);
        lat.ShouldBe(expectedLat, 1e-8);

        var (x, y) = await ReadPointAsync(db, "sites", 1, "geom_3857");
        var (expectedX, expectedY) = Cs2cs.Transform("EPSG:2326", "EPSG:3857", 839884.226, 831804.513);
        x.ShouldBe(expectedX, 0.002);
        y.ShouldBe(expectedY, 0.002);
    }

    [Fact]
    public async Task The_catalog_records_count_bounds_type_source_crs_and_field_types()
    {
        await using var db = await TestDatabase.CreateAsync();
        var report = await db.ImportTextAsync("sites", "sites.csv", GoodCsv);

        var dataset = await db.Catalog.GetAsync("sites");
        dataset.FeatureCount.ShouldBe(2);
        dataset.GeometryType.ShouldBe("Point");
        dataset.SourceSrid.ShouldBe(2326);
        dataset.Version.ShouldBe(report.Version);
        dataset.Bbox!.Count.ShouldBe(4);
        dataset.Bbox[0].ShouldBeLessThan(dataset.Bbox[2]);
        dataset.Fields.ShouldContain(f => f.Name == "name" && f.Type == "text");
        dataset.Fields.ShouldContain(f => f.Name == "Easting" && f.Type == "real");
    }

    [Fact]
    public async Task A_reimport_switches_to_a_new_version_and_keeps_the_old_table_for_change_listings()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = await db.ImportTextAsync("sites", "sites.csv", GoodCsv);
        var second = await db.ImportTextAsync("sites", "sites.csv", GoodCsv + "Cyberport 2,832331.0,812271.0\n");

        second.Version.ShouldBeGreaterThan(first.Version);
        (await db.Catalog.GetAsync("sites")).FeatureCount.ShouldBe(3);
        (await db.FeatureTablesAsync()).ShouldBe([$"spatialhub.features_v{first.Version}", $"spatialhub.features_v{second.Version}"]);
    }

    public static TheoryData<string, string, long, string?, string> RefusedFiles => new()
    {
        { "truncated-quote.csv", "name,Easting,Northing\nok,839884.2,831804.5\n\"unterminated,839884.2,831804.5\n", 3, null, "quote" },
        { "not-a-number.csv", "name,Easting,Northing\nok,839884.2,831804.5\nbad,83988x.2,831804.5\n", 3, "Easting", "the coordinate is not a number" },
        { "empty.csv", "", 1, null, "the file is empty" },
        { "no-coordinates.csv", "name,colour\nScience Park,green\n", 1, null, "coordinate" },
        { "outside.csv", "name,Latitude,Longitude\nok,22.3,114.1\nLondon,51.5,-0.12\n", 3, "geometry", "outside Hong Kong" },
        { "invalid.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,22.3]},\"properties\":{}},", 2, null, "invalid JSON" },
        { "unknown-crs.geojson", "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::27700\"}},\"features\":[]}", 1, "crs", "unknown or unsupported CRS" },
        { "bad-ring.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[114.1,22.3],[114.2,22.3]]]},\"properties\":{}}]}", 1, "geometry", "" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task A_bad_file_is_refused_with_its_place_and_reason_and_the_previous_version_stays(
        string fileName, string content, long line, string? field, string reason)
    {
        await using var db = await TestDatabase.CreateAsync();
        var previous = await db.ImportTextAsync("target", "good.csv", GoodCsv);

        var error = await Should.ThrowAsync<ImportFailedException>(() => db.ImportTextAsync("target", fileName, content));

        var issue = error.Issues[0];
        issue.File.ShouldBe(fileName);
        issue.Line.ShouldBe(line);
        if (field is not null)
        {
            issue.Field.ShouldBe(field);
        }
        issue.ToString().ShouldContain(reason, Case.Insensitive);
        await ShouldBeUntouchedAsync(db, "target", previous);
    }

    [Fact]
    public async Task Binary_garbage_is_refused_cleanly()
    {
        await using var db = await TestDatabase.CreateAsync();
        var previous = await db.ImportTextAsync("target", "good.csv", GoodCsv);
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);

        var error = await Should.ThrowAsync<ImportFailedException>(() => db.ImportBytesAsync("target", "garbage.csv", garbage));

        error.Issues[0].File.ShouldBe("garbage.csv");
        await ShouldBeUntouchedAsync(db, "target", previous);
    }

    [Fact]
    public async Task One_bad_row_deep_in_a_ten_thousand_row_file_is_found_by_line_and_field_and_nothing_lands()
    {
        await using var db = await TestDatabase.CreateAsync();
        var previous = await db.ImportTextAsync("big", "good.csv", GoodCsv);
        var csv = SyntheticCsv(10_000, badRow: 7_321);

        var error = await Should.ThrowAsync<ImportFailedException>(() => db.ImportTextAsync("big", "big.csv", csv));

        error.TotalIssues.ShouldBe(1);
        error.Issues.Single().ShouldBe(new ImportIssue("big.csv", 7_322, "Northing", "not-a-number", "the coordinate is not a number"));
        await ShouldBeUntouchedAsync(db, "big", previous);
    }

    [Fact]
    public async Task Under_the_skip_policy_valid_rows_land_and_the_skipped_ones_are_reported()
    {
        await using var db = await TestDatabase.CreateAsync();
        var csv = SyntheticCsv(1_000, badRow: 500);

        var report = await db.ImportTextAsync("skip", "skip.csv", csv, RowErrorPolicy.Skip);

        report.RowsRead.ShouldBe(1_000);
        report.Imported.ShouldBe(999);
        report.Skipped.ShouldBe(1);
        report.Issues.Single().Line.ShouldBe(501);
        (await db.Catalog.GetAsync("skip")).FeatureCount.ShouldBe(999);
    }

    [Fact]
    public async Task Many_bad_rows_list_the_first_twenty_and_count_them_all()
    {
        await using var db = await TestDatabase.CreateAsync();
        var csv = new StringBuilder("id,Easting,Northing\n");
        for (var i = 0; i < 50; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i},x,831804.5\n");
        }

        var error = await Should.ThrowAsync<ImportFailedException>(() => db.ImportTextAsync("many", "many.csv", csv.ToString()));

        error.Issues.Count.ShouldBe(ImportFailedException.MaxListedIssues);
        error.TotalIssues.ShouldBe(50);
        (await db.Catalog.FindAsync("many")).ShouldBeNull();
        (await db.FeatureTablesAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_invalid_polygon_is_repaired_with_st_makevalid_and_reported()
    {
        await using var db = await TestDatabase.CreateAsync();
        const string bowtie = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"bowtie"},"geometry":{"type":"Polygon",
            "coordinates":[[[114.10,22.30],[114.12,22.32],[114.12,22.30],[114.10,22.32],[114.10,22.30]]]}}]}
            """;

        var report = await db.ImportTextAsync("bowtie", "bowtie.geojson", bowtie);

        report.Repaired.Single().Reason.ShouldContain("Self-intersection");
        (await db.ScalarAsync<bool>($"SELECT bool_and(ST_IsValid(geom) AND ST_IsValid(geom_3857)) FROM spatialhub.features_v{report.Version}")).ShouldBeTrue();
    }

    internal static string SyntheticCsv(int rows, int badRow)
    {
        var csv = new StringBuilder("id,Easting,Northing\n");
        for (var i = 1; i <= rows; i++)
        {
            var northing = i == badRow ? "not-a-number" : (820000 + i % 9000).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{i},{830000 + i % 10000},{northing}\n");
        }
        return csv.ToString();
    }

    private static async Task ShouldBeUntouchedAsync(TestDatabase db, string datasetId, ImportReport previous)
    {
        var dataset = await db.Catalog.GetAsync(datasetId);
        dataset.Version.ShouldBe(previous.Version);
        dataset.FeatureCount.ShouldBe(previous.Imported);
        (await db.ScalarAsync<long>($"SELECT count(*) FROM {dataset.FeatureTable}")).ShouldBe(previous.Imported);
        (await db.FeatureTablesAsync()).ShouldBe([dataset.FeatureTable]);
    }

    private static async Task<(double X, double Y)> ReadPointAsync(TestDatabase db, string datasetId, long featureId, string column)
    {
        var table = (await db.Catalog.GetAsync(datasetId)).FeatureTable;
        await using var command = db.DataSource.CreateCommand($"SELECT ST_X({column}), ST_Y({column}) FROM {table} WHERE feature_id = $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = featureId });
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        return (reader.GetDouble(0), reader.GetDouble(1));
    }
}
