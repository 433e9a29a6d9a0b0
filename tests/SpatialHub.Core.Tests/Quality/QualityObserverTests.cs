using System.Text;
using SpatialHub.Core.Import;
using SpatialHub.Core.Quality;

namespace SpatialHub.Core.Tests.Quality;

/// <summary>
/// The row-level checks on a crafted file whose disagreements are known. Every consistent latitude/longitude was
/// computed from its Easting/Northing by PROJ (cs2cs EPSG:2326 EPSG:4326, PROJ 9.1.1), not by SpatialHub.
/// </summary>
[Trait("Category", "Unit")]
public sealed class QualityObserverTests
{
    // line 2: consistent; 3: consistent; 4: Easting shifted +50 m; 5: consistent; 6: Northing shifted -12 m;
    // 7: latitude and longitude swapped; 8: line 3 again, same attributes; 9: 0.3 m east of line 5, other name;
    // 10: a round-number placeholder (830000, 820000); 11: count is "n/a" (mixed types); line 2's count is empty.
    internal const string Crafted = """
        name,Easting,Northing,Latitude,Longitude,count
        A,835012.345,818034.567,22.301253249,114.164688581,
        B,832480.111,816220.222,22.284864886,114.140118255,2
        C,836750.500,819900.750,22.318106409,114.181072153,3
        D,840100.125,831650.875,22.424212106,114.214096732,4
        E,828300.400,823488.600,22.350596740,114.099523907,5
        F,845100.900,821800.100,114.262615874,22.335236004,6
        B,832480.111,816220.222,22.284864886,114.140118255,2
        D east,840100.425,831650.875,22.424212106,114.214099646,8
        P,830000,820000,22.318991355,114.116037533,9
        G,835300.745,818034.567,22.301253434,114.167487421,n/a

        """;

    private static QualityReport Check(string csv, PositionFrom from = PositionFrom.Auto, QualityOptions? options = null)
    {
        var reader = new CsvFeatureReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new ReaderOptions("crafted.csv", PositionFrom: from));
        var observer = new QualityObserver(options ?? new QualityOptions());
        var rows = observer.Observe(new FeaturePreparer("crafted.csv").Prepare(reader)).ToList();
        rows.ShouldAllBe(r => r.Issue == null || from != PositionFrom.Auto);
        return observer.Report("crafted", 1, reader.Fields, reader.SourceCrs, zones: null);
    }

    [Fact]
    public void Shifted_and_swapped_rows_are_listed_with_their_lines_and_distances()
    {
        var pairs = Check(Crafted).CoordinatePairs!;

        pairs.Projected.ShouldBe("Easting/Northing");
        pairs.Geographic.ShouldBe("Latitude/Longitude");
        pairs.Compared.ShouldBe(10);
        pairs.BeyondTolerance.ShouldBe(3);
        pairs.Rows.Select(r => r.Line).ShouldBe([4, 6, 7]);
        pairs.Rows[0].DistanceMetres!.Value.ShouldBe(50, 0.01);
        pairs.Rows[1].DistanceMetres!.Value.ShouldBe(12, 0.01);
        pairs.Rows[2].Reason.ShouldBe("latitude and longitude are swapped");
        pairs.Rows[2].DistanceMetres.ShouldBeNull();
        // The consistent rows agree with PROJ to well under a centimetre (nine decimals of a degree is 0.1 mm).
        pairs.MedianMetres!.Value.ShouldBeLessThan(0.01);
    }

    [Fact]
    public void The_tolerance_is_configurable()
    {
        Check(Crafted, options: new QualityOptions { ToleranceMetres = 20 }).CoordinatePairs!.BeyondTolerance.ShouldBe(2);
    }

    [Fact]
    public void Duplicates_within_half_a_metre_are_paired_with_same_or_different_attributes()
    {
        var duplicates = Check(Crafted).Duplicates!;

        duplicates.Features.ShouldBe(4);
        duplicates.Pairs.ShouldBe(2);
        duplicates.SameAttributePairs.ShouldBe(1);
        duplicates.Rows.ShouldContain(d => d.Line == 8 && d.OtherLine == 3 && d.SameAttributes && d.DistanceMetres == 0);
        duplicates.Rows.ShouldContain(d => d.Line == 9 && d.OtherLine == 5 && !d.SameAttributes && Math.Abs(d.DistanceMetres - 0.3) < 0.01);
    }

    [Fact]
    public void Round_coordinates_empty_values_and_mixed_types_are_counted()
    {
        var report = Check(Crafted);

        report.RoundCoordinates.Count.ShouldBe(1);
        report.RoundCoordinates.Rows.Single().Line.ShouldBe(10);
        report.EmptyValues.ShouldBe([new FieldEmpties("count", 1)]);
        var mixed = report.MixedTypes.ShouldHaveSingleItem();
        mixed.Field.ShouldBe("count");
        mixed.StoredAs.ShouldBe("text");
        mixed.Counts.ShouldBe(new Dictionary<string, long> { ["integer"] = 8, ["text"] = 1 });
        mixed.Examples.ShouldContain(new TypeExample("text", "n/a", 11));
    }

    [Fact]
    public void The_findings_say_what_was_found_and_the_geometry_pair_is_named()
    {
        var report = Check(Crafted);

        report.PositionBuiltFrom.ShouldBe("Easting/Northing (Hong Kong 1980 Grid System, EPSG:2326)");
        report.Findings.ShouldBe([
            "3 of 10 rows: WGS84 and HK1980 disagree by more than 5 m (up to 50 m)",
            "4 of 10 features share a position (within 50 cm) with another",
            "1 of 10 features are on round-number coordinates (placeholder positions?)",
            "count mixes 8 integer and 1 text values (stored as text)",
        ]);
        report.Flagged.Count(f => f.Check == "coordinate-pair").ShouldBe(3);
        report.Flagged.Count(f => f.Check == "duplicate").ShouldBe(2);
    }

    [Fact]
    public void One_disagreement_reads_like_the_catalog_line()
    {
        var oneOff = "name,Easting,Northing,Latitude,Longitude\nA,835012.345,818034.567,22.301253249,114.164688581\nC,836737.500,819900.750,22.318106409,114.181072153\n";

        Check(oneOff).Summary.ShouldBe("1 of 2 rows: WGS84 and HK1980 disagree by 37 m");
    }

    [Fact]
    public void Position_from_latlon_builds_the_geometry_from_the_geographic_pair()
    {
        var report = Check(Crafted, PositionFrom.LatitudeLongitude);

        report.PositionBuiltFrom.ShouldBe("Longitude/Latitude (WGS 84, EPSG:4326)");
        // The swapped row is now the geometry itself: refused as outside Hong Kong, so only nine rows are compared.
        report.CoordinatePairs!.Compared.ShouldBe(9);
        report.CoordinatePairs.BeyondTolerance.ShouldBe(2);
    }

    [Fact]
    public void A_file_without_two_pairs_has_no_pair_check()
    {
        Check("name,Easting,Northing\nA,835012.345,818034.567\n").CoordinatePairs.ShouldBeNull();
    }
}
