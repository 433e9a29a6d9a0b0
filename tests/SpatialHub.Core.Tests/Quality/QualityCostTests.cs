using System.Text;
using SpatialHub.Core.Import;
using SpatialHub.Core.Quality;

namespace SpatialHub.Core.Tests.Quality;

/// <summary>
/// The cheap paths of the checks give the figures of the exact ones: the coordinate-pair check reusing the geometry's
/// reprojection (the reader is known, as on an import) against reprojecting every row (reader unknown), and feature
/// lines kept as runs.
/// </summary>
[Trait("Category", "Unit")]
public sealed class QualityCostTests
{
    private static QualityReport Check(string csv, bool readerKnown, PositionFrom from = PositionFrom.Auto)
    {
        var reader = new CsvFeatureReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new ReaderOptions("crafted.csv", PositionFrom: from));
        var observer = new QualityObserver(new QualityOptions());
        _ = observer.Observe(new FeaturePreparer("crafted.csv").Prepare(reader), readerKnown ? reader : null).ToList();
        return observer.Report("crafted", 1, reader.Fields, reader.SourceCrs, zones: null);
    }

    [Theory]
    [InlineData(PositionFrom.Auto)]
    [InlineData(PositionFrom.LatitudeLongitude)]
    public void Reusing_the_geometry_gives_the_pair_figures_of_reprojecting_every_row(PositionFrom from)
    {
        var fast = Check(QualityObserverTests.Crafted, readerKnown: true, from).CoordinatePairs!;
        var exact = Check(QualityObserverTests.Crafted, readerKnown: false, from).CoordinatePairs!;

        fast.BeyondTolerance.ShouldBe(exact.BeyondTolerance);
        fast.Rows.ShouldBe(exact.Rows);
        fast.MaxMetres.ShouldBe(exact.MaxMetres);
        // Within half a millimetre: ProjNet's HK1980 -> WGS84 and WGS84 -> HK1980 are not exact inverses at that level
        // (the courts test allows the same against PROJ).
        fast.MedianMetres!.Value.ShouldBe(exact.MedianMetres!.Value, 0.0005);
        (fast.P95Metres ?? -1).ShouldBe(exact.P95Metres ?? -1, 0.0005);
    }

    [Fact]
    public void Lines_are_found_across_multi_line_records_and_refused_rows()
    {
        var map = new LineMap();
        // Features 1-3 on lines 2-4, feature 4 spans lines 5-6, feature 5 was refused, features 6-7 on lines 8-9.
        foreach (var (id, line) in new[] { (1L, 2L), (2, 3), (3, 4), (4, 5), (6, 8), (7, 9) })
        {
            map.Add(id, line);
        }

        new[] { 1L, 2, 3, 4, 6, 7 }.Select(map.LineOf).ShouldBe([2L, 3, 4, 5, 8, 9]);
    }
}
