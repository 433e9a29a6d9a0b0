using System.Globalization;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Tests.Projection;

[Trait("Category", "Unit")]
public sealed class HongKongExtentTests
{
    // Each district's west-, east-, south- and northmost boundary vertex, with cs2cs WGS 84 (see the fixture script).
    public static TheoryData<string, double, double, double, double> DistrictExtremes()
    {
        var data = new TheoryData<string, double, double, double, double>();
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "projection", "district-extremes.csv");
        foreach (var f in File.ReadLines(path).Skip(1).Select(l => l.Split(',')))
            data.Add(f[0], D(f[1]), D(f[2]), D(f[3]), D(f[4]));
        return data;

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(DistrictExtremes))]
    public void Every_district_boundary_lies_inside_the_extent_in_every_crs(
        string district, double easting, double northing, double lon, double lat)
    {
        HongKongExtent.ContainsGrid(easting, northing).ShouldBeTrue(district);
        HongKongExtent.ContainsLonLat(lon, lat).ShouldBeTrue(district);
        var (x, y) = Reprojector.Create(2326, 3857).Transform(easting, northing);
        HongKongExtent.WebMercator.Contains(x, y).ShouldBeTrue(district);
    }

    [Fact]
    public void The_grid_and_web_mercator_extents_cover_every_corner_of_the_wgs84_extent()
    {
        var box = HongKongExtent.Wgs84;
        foreach (var (lon, lat) in new[] { (box.MinX, box.MinY), (box.MinX, box.MaxY), (box.MaxX, box.MinY), (box.MaxX, box.MaxY) })
        {
            var (e, n) = Reprojector.Create(4326, 2326).Transform(lon, lat);
            HongKongExtent.ContainsGrid(e, n).ShouldBeTrue();
            var (x, y) = Reprojector.Create(4326, 3857).Transform(lon, lat);
            HongKongExtent.WebMercator.Contains(x, y).ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData(113.5439, 22.1987)] // Macau
    [InlineData(113.2644, 23.1291)] // Guangzhou
    [InlineData(114.0579, 22.6500)] // Shenzhen, Longhua
    [InlineData(22.3, 114.17)]      // Hong Kong, latitude first
    [InlineData(double.NaN, 22.3)]
    public void Places_outside_hong_kong_are_outside_the_wgs84_extent(double lon, double lat) =>
        HongKongExtent.ContainsLonLat(lon, lat).ShouldBeFalse();

    [Fact]
    public void Edges_are_inside() => HongKongExtent.ContainsLonLat(113.75, 22.58).ShouldBeTrue();
}
