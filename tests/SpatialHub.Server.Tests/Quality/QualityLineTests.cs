using System.Text;
using Shouldly;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;
using SpatialHub.PostGis.Quality;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Quality;

/// <summary>Zone mismatches, found in the database on feature ids, carry their source lines like the other findings.</summary>
[Trait("Category", "Integration")]
public sealed class QualityLineTests
{
    [Fact]
    public async Task A_wrong_district_is_listed_with_its_line_after_a_refused_row()
    {
        await using var db = await TestDatabase.CreateAsync();
        await ImportAsync(db, "districts", RepositoryPaths.Sample("hk-18-districts-2001-hk1980.geojson"));
        // Line 3 is outside Hong Kong and skipped, so feature 4 (Cyberport AI, claiming Wan Chai) is on line 5.
        var csv = """
            name,district,Easting,Northing
            Cyberport,Southern,831446.903,813699.658
            Nowhere,Southern,1,1
            CityU,Sham Shui Po,835868.877,821992.927
            Cyberport AI,Wan Chai,831491.206,813638.741

            """;
        var path = Path.Combine(Path.GetTempPath(), $"lines-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv, Encoding.UTF8);
        try
        {
            await ImportAsync(db, "lines", path, RowErrorPolicy.Skip);
        }
        finally
        {
            File.Delete(path);
        }

        var report = (await new QualityStore(db.DataSource).FindAsync("lines"))!;
        var row = report.Zones!.Rows.ShouldHaveSingleItem();
        (row.FeatureId, row.Value, row.Line).ShouldBe((4L, "Wan Chai", (long?)5));
        report.Flagged.Single(f => f.Check == "zone").Line.ShouldBe(5);
    }

    private static async Task ImportAsync(TestDatabase db, string id, string path, RowErrorPolicy onError = RowErrorPolicy.Fail)
    {
        await using var stream = File.OpenRead(path);
        var reader = FeatureReaders.Open(stream, new ReaderOptions(Path.GetFileName(path)), format: null);
        await new DatasetImporter(db.DataSource).ImportAsync(new ImportRequest(id, id, Path.GetFileName(path), OnError: onError), reader);
    }
}
