using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Tests.Projection;

[Trait("Category", "Unit")]
public sealed class ReprojectorTests
{
    public static TheoryData<int, int> AllPairs()
    {
        var data = new TheoryData<int, int>();
        foreach (var from in CrsRegistry.All)
            foreach (var to in CrsRegistry.All)
                data.Add(from.Srid, to.Srid);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Bulk_transform_gives_exactly_the_single_point_results(int fromSrid, int toSrid)
    {
        var toSource = Reprojector.Create(2326, fromSrid);
        var reprojector = Reprojector.Create(fromSrid, toSrid);
        var points = ProjectionFixture.Points.Select(p => toSource.Transform(p.E, p.N)).ToArray();
        var xs = points.Select(p => p.X).ToArray();
        var ys = points.Select(p => p.Y).ToArray();

        reprojector.Transform(xs, ys);

        for (var i = 0; i < points.Length; i++)
        {
            var (x, y) = reprojector.Transform(points[i].X, points[i].Y);
            xs[i].ShouldBe(x);
            ys[i].ShouldBe(y);
        }
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void A_round_trip_returns_to_the_starting_grid_point_within_a_millimetre(int viaSrid, int alsoViaSrid)
    {
        var path = new[] { 2326, viaSrid, alsoViaSrid, 2326 };
        foreach (var p in ProjectionFixture.Points.Take(200))
        {
            var (x, y) = (p.E, p.N);
            for (var i = 1; i < path.Length; i++)
                (x, y) = Reprojector.Create(path[i - 1], path[i]).Transform(x, y);
            x.ShouldBe(p.E, 0.001);
            y.ShouldBe(p.N, 0.001);
        }
    }

    [Fact]
    public void Same_source_and_target_pass_coordinates_through_unchanged()
    {
        var reprojector = Reprojector.Create(2326, 2326);

        reprojector.IsIdentity.ShouldBeTrue();
        reprojector.Transform(832591.320, 820351.389).ShouldBe((832591.320, 820351.389));
    }

    [Fact]
    public void Reprojectors_are_cached_per_pair()
    {
        Reprojector.Create(2326, 4326).ShouldBeSameAs(Reprojector.Create(CrsRegistry.Hk1980Grid, CrsRegistry.Wgs84));
        Reprojector.Create(2326, 4326).ShouldNotBeSameAs(Reprojector.Create(4326, 2326));
    }

    [Fact]
    public void Hk1980_grid_to_hk1980_geographic_matches_cs2cs()
    {
        // echo "820351.389 832591.320" | cs2cs -f %.12f EPSG:2326 EPSG:4611
        var (lon, lat) = Reprojector.Create(2326, 4611).Transform(832591.320, 820351.389);

        lat.ShouldBe(22.323701766641, 1e-11);
        lon.ShouldBe(114.138734989404, 1e-11);
    }

    [Fact]
    public void Hk1980_geographic_to_wgs84_matches_cs2cs()
    {
        // echo "22.3 114.1" | cs2cs -f %.12f EPSG:4611 EPSG:4326
        var (lon, lat) = Reprojector.Create(4611, 4326).Transform(114.1, 22.3);

        lat.ShouldBe(22.298470923698, 1e-11);
        lon.ShouldBe(114.102451065049, 1e-11);
    }

    [Fact]
    public void One_instance_gives_the_same_results_when_shared_between_threads()
    {
        var reprojector = Reprojector.Create(2326, 3857);
        var points = ProjectionFixture.Points;
        var expected = points.Select(p => reprojector.Transform(p.E, p.N)).ToArray();
        var actual = new (double X, double Y)[points.Count];

        Parallel.For(0, points.Count * 20, new ParallelOptions { MaxDegreeOfParallelism = 8 }, k =>
        {
            var i = k % points.Count;
            actual[i] = reprojector.Transform(points[i].E, points[i].N);
        });

        actual.ShouldBe(expected);
    }

    [Fact]
    public void Empty_spans_are_a_no_op() => Reprojector.Create(2326, 3857).Transform(Span<double>.Empty, Span<double>.Empty);

    [Fact]
    public void Spans_of_different_lengths_are_rejected()
    {
        var reprojector = Reprojector.Create(2326, 4326);

        Should.Throw<ArgumentException>(() => reprojector.Transform(new double[3], new double[2]));
    }

    [Fact]
    public void An_unsupported_srid_is_rejected_with_the_code_in_the_message()
    {
        var ex = Should.Throw<UnsupportedCrsException>(() => Reprojector.Create(2326, 32650));

        ex.Message.ShouldContain("32650");
    }
}
