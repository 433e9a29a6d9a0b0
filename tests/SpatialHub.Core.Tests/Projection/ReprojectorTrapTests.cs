using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Tests.Projection;

/// <summary>The plausible-but-wrong results listed in docs/hong-kong-geodesy.md, each shown to be avoided.</summary>
[Trait("Category", "Unit")]
public sealed class ReprojectorTrapTests
{
    private const double Easting = 832591.320;
    private const double Northing = 820351.389;

    [Fact]
    public void The_hk1980_datum_shift_is_applied_so_results_differ_from_an_ellipsoid_only_conversion_by_about_274_m()
    {
        var withoutShift = ProjNetTransform(
            CrsWkt.Hk1980Grid.Replace("," + CrsWkt.Hk1980ToWgs84, "", StringComparison.Ordinal), CrsWkt.Wgs84);
        var (lon, lat) = Reprojector.Create(2326, 4326).Transform(Easting, Northing);

        var (wrongLon, wrongLat) = withoutShift.Transform(Easting, Northing);

        GroundDistance(lon, lat, wrongLon, wrongLat).ShouldBeInRange(272.0, 276.0);
    }

    [Fact]
    public void The_rotations_are_read_as_position_vector_so_results_differ_from_the_coordinate_frame_sign_mistake_by_about_56_m()
    {
        var coordinateFrameSigns = CrsWkt.Hk1980Grid.Replace(
            "0.067753,-2.243648,-1.158828", "-0.067753,2.243648,1.158828", StringComparison.Ordinal);
        var (lon, lat) = Reprojector.Create(2326, 4326).Transform(Easting, Northing);

        // The datum shift is ours, so the mistaken parameters go through ProjNet; ProjNet's shift itself is
        // within 2 mm of ours (see the accuracy tests), far below the 55–57 m being detected here.
        var (wrongLon, wrongLat) = ProjNetTransform(coordinateFrameSigns, CrsWkt.Wgs84).Transform(Easting, Northing);

        GroundDistance(lon, lat, wrongLon, wrongLat).ShouldBeInRange(54.0, 58.0);
    }

    [Fact]
    public void Web_mercator_is_spherical_so_y_follows_the_sphere_formula_and_not_the_ellipsoidal_mercator_16_km_away()
    {
        var (lon, lat) = Reprojector.Create(2326, 4326).Transform(Easting, Northing);
        var (x, y) = Reprojector.Create(2326, 3857).Transform(Easting, Northing);
        const double r = 6378137.0;
        var phi = lat * Math.PI / 180.0;

        x.ShouldBe(r * lon * Math.PI / 180.0, 1e-6);
        y.ShouldBe(r * Math.Log(Math.Tan((Math.PI / 4) + (phi / 2))), 1e-6);
        var ellipsoidalY = ProjNetTransform(CrsWkt.Wgs84, EllipsoidalMercatorWkt).Transform(lon, lat).y;
        (y - ellipsoidalY).ShouldBeInRange(15_000.0, 17_000.0);
    }

    [Fact]
    public void Easting_stays_x_and_northing_stays_y_so_results_land_in_hong_kong()
    {
        var (lon, lat) = Reprojector.Create(2326, 4326).Transform(Easting, Northing);

        HongKongExtent.ContainsLonLat(lon, lat).ShouldBeTrue();
        lon.ShouldBe(114.14, 0.01);
    }

    private const string EllipsoidalMercatorWkt =
        "PROJCS[\"WGS 84 / World Mercator\"," + CrsWkt.Wgs84 + ",PROJECTION[\"Mercator_1SP\"]," +
        "PARAMETER[\"central_meridian\",0],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",0]," +
        "PARAMETER[\"false_northing\",0],UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"3395\"]]";

    private static MathTransform ProjNetTransform(string fromWkt, string toWkt)
    {
        var factory = new CoordinateSystemFactory();
        return new CoordinateTransformationFactory()
            .CreateFromCoordinateSystems(factory.CreateFromWkt(fromWkt), factory.CreateFromWkt(toWkt))
            .MathTransform;
    }

    // Local flat-earth distance in metres: ample for separations of a few hundred metres.
    private static double GroundDistance(double lon1, double lat1, double lon2, double lat2)
    {
        var dx = (lon2 - lon1) * 111_320.0 * Math.Cos(lat1 * Math.PI / 180.0);
        var dy = (lat2 - lat1) * 110_574.0;
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
