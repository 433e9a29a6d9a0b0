using SpatialHub.Core.Projection;
using Xunit.Abstractions;

namespace SpatialHub.Core.Tests.Projection;

/// <summary>Agreement with PROJ (cs2cs) on the committed fixture, and with the Lands Department's check points.</summary>
[Trait("Category", "Unit")]
public sealed class ReprojectorAccuracyTests(ITestOutputHelper output)
{
    private const double DegreeTolerance = 1e-8;     // about 1.1 mm
    private const double MercatorTolerance = 0.002;  // metres
    private const double GridTolerance = 0.010;      // metres

    [Fact]
    public void The_fixture_has_at_least_a_thousand_points() =>
        ProjectionFixture.Points.Count.ShouldBeGreaterThanOrEqualTo(1000);

    [Fact]
    public void Hk1980_grid_to_wgs84_agrees_with_cs2cs_on_every_fixture_point()
    {
        var reprojector = Reprojector.Create(2326, 4326);
        var worst = 0.0;
        foreach (var p in ProjectionFixture.Points)
        {
            var (lon, lat) = reprojector.Transform(p.E, p.N);
            worst = Math.Max(worst, Math.Max(Math.Abs(lon - p.Lon), Math.Abs(lat - p.Lat)));
        }
        output.WriteLine($"max |Δ| = {worst:E3} degrees");
        worst.ShouldBeLessThan(DegreeTolerance);
    }

    [Fact]
    public void Hk1980_grid_to_web_mercator_agrees_with_cs2cs_on_every_fixture_point()
    {
        var reprojector = Reprojector.Create(2326, 3857);
        var worst = 0.0;
        foreach (var p in ProjectionFixture.Points)
        {
            var (x, y) = reprojector.Transform(p.E, p.N);
            worst = Math.Max(worst, Math.Max(Math.Abs(x - p.MercX), Math.Abs(y - p.MercY)));
        }
        output.WriteLine($"max |Δ| = {worst * 1000:F4} mm");
        worst.ShouldBeLessThan(MercatorTolerance);
    }

    [Fact]
    public void Wgs84_to_hk1980_grid_agrees_with_cs2cs_on_every_fixture_point()
    {
        var reprojector = Reprojector.Create(4326, 2326);
        var worst = 0.0;
        foreach (var p in ProjectionFixture.Points)
        {
            var (e, n) = reprojector.Transform(p.Lon, p.Lat);
            worst = Math.Max(worst, Math.Max(Math.Abs(e - p.BackE), Math.Abs(n - p.BackN)));
        }
        output.WriteLine($"max |Δ| = {worst * 1000:F4} mm");
        worst.ShouldBeLessThan(GridTolerance);
    }

    [Theory]
    [InlineData(832591.320, 820351.389, 22.322172084, 114.141187917)]
    [InlineData(835411.431, 817266.016, 22.294313001, 114.168562005)]
    public void Lands_department_check_points_convert_to_their_published_wgs84_values(
        double easting, double northing, double latitude, double longitude)
    {
        var (lon, lat) = Reprojector.Create(2326, 4326).Transform(easting, northing);
        output.WriteLine($"Δlat = {lat - latitude:E2}, Δlon = {lon - longitude:E2}");
        lat.ShouldBe(latitude, DegreeTolerance);
        lon.ShouldBe(longitude, DegreeTolerance);
    }
}
