using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Tests.Projection;

[Trait("Category", "Unit")]
public sealed class GeometryReprojectionTests
{
    private static readonly Reprojector ToWgs84 = Reprojector.Create(2326, 4326);

    public static TheoryData<string> EveryGeometryType() => new()
    {
        "POINT (832591.32 820351.389)",
        "LINESTRING (832000 820000, 833000 821000, 834000 820500)",
        "POLYGON ((830000 815000, 840000 815000, 840000 825000, 830000 825000, 830000 815000), " +
            "(832000 817000, 832000 819000, 834000 819000, 832000 817000))",
        "MULTIPOINT ((832000 820000), (835411.431 817266.016))",
        "MULTILINESTRING ((832000 820000, 833000 821000), (840000 830000, 841000 831000, 842000 830000))",
        "MULTIPOLYGON (((830000 815000, 831000 815000, 831000 816000, 830000 815000)), " +
            "((840000 825000, 845000 825000, 845000 830000, 840000 830000, 840000 825000), " +
            "(841000 826000, 841000 827000, 842000 827000, 841000 826000)))",
        "GEOMETRYCOLLECTION (POINT (832000 820000), LINESTRING (833000 821000, 834000 822000), " +
            "POLYGON ((830000 815000, 831000 815000, 831000 816000, 830000 815000)), " +
            "GEOMETRYCOLLECTION (MULTIPOINT ((836000 818000), (837000 819000))))",
    };

    [Theory]
    [MemberData(nameof(EveryGeometryType))]
    public void Every_geometry_type_keeps_its_structure_and_each_vertex_is_transformed_like_a_single_point(string wkt)
    {
        var source = Read(wkt, srid: 2326);

        var result = ToWgs84.Transform(source);

        result.GeometryType.ShouldBe(source.GeometryType);
        result.SRID.ShouldBe(4326);
        Shape(result).ShouldBe(Shape(source));
        var before = source.Coordinates;
        var after = result.Coordinates;
        after.Length.ShouldBe(before.Length);
        for (var i = 0; i < before.Length; i++)
        {
            var (lon, lat) = ToWgs84.Transform(before[i].X, before[i].Y);
            after[i].X.ShouldBe(lon);
            after[i].Y.ShouldBe(lat);
        }
    }

    [Fact]
    public void The_source_geometry_is_left_unchanged()
    {
        var source = Read("LINESTRING (832000 820000, 833000 821000)", srid: 2326);
        var copy = source.Copy();

        ToWgs84.Transform(source);

        source.EqualsExact(copy).ShouldBeTrue();
        source.SRID.ShouldBe(2326);
    }

    [Fact]
    public void Every_part_of_a_collection_carries_the_target_srid()
    {
        var result = ToWgs84.Transform(Read(
            "GEOMETRYCOLLECTION (POINT (832000 820000), MULTIPOINT ((836000 818000), (837000 819000)))", srid: 2326));

        for (var i = 0; i < result.NumGeometries; i++)
            result.GetGeometryN(i).SRID.ShouldBe(4326);
    }

    [Fact]
    public void Z_values_are_carried_through_unchanged()
    {
        var result = ToWgs84.Transform(Read("LINESTRING Z (832000 820000 12.5, 833000 821000 -3)", srid: 2326));

        result.Coordinates.Select(c => c.Z).ShouldBe([12.5, -3.0]);
    }

    [Fact]
    public void A_single_point_keeps_its_z_and_leaves_the_source_untouched()
    {
        var source = new GeometryFactory(new PrecisionModel(), 2326).CreatePoint(new CoordinateZ(832591.320, 820351.389, 7.5));

        var result = (Point)ToWgs84.Transform(source);

        result.SRID.ShouldBe(4326);
        result.Y.ShouldBe(22.322172084, 1e-8);
        result.Coordinate.Z.ShouldBe(7.5);
        source.X.ShouldBe(832591.320);
        source.Y.ShouldBe(820351.389);
    }

    [Fact]
    public void A_fixed_millimetre_source_precision_does_not_round_the_degrees()
    {
        var factory = new GeometryFactory(new PrecisionModel(1000), 2326);
        var source = factory.CreatePoint(new Coordinate(832591.320, 820351.389));

        var result = (Point)ToWgs84.Transform(source);

        result.PrecisionModel.IsFloating.ShouldBeTrue();
        result.Y.ShouldBe(22.322172084, 1e-8);
    }

    [Theory]
    [InlineData("POINT EMPTY")]
    [InlineData("LINESTRING EMPTY")]
    [InlineData("POLYGON EMPTY")]
    [InlineData("MULTIPOLYGON EMPTY")]
    [InlineData("GEOMETRYCOLLECTION EMPTY")]
    public void Empty_geometries_become_new_empty_geometries_of_the_same_type_in_the_target_srid(string wkt)
    {
        var source = Read(wkt, srid: 2326);

        var result = ToWgs84.Transform(source);

        result.ShouldNotBeSameAs(source);
        result.IsEmpty.ShouldBeTrue();
        result.GeometryType.ShouldBe(source.GeometryType);
        result.SRID.ShouldBe(4326);
        source.SRID.ShouldBe(2326);
    }

    [Fact]
    public void Identity_returns_a_new_equal_geometry()
    {
        var source = Read("POINT (832591.32 820351.389)", srid: 2326);

        var result = Reprojector.Create(2326, 2326).Transform(source);

        result.ShouldNotBeSameAs(source);
        result.EqualsExact(source).ShouldBeTrue();
    }

    [Fact]
    public void A_geometry_with_srid_0_is_taken_to_be_in_the_source_crs()
    {
        var result = ToWgs84.Transform(Read("POINT (832591.32 820351.389)", srid: 0));

        result.SRID.ShouldBe(4326);
    }

    [Fact]
    public void A_geometry_declaring_another_srid_is_rejected()
    {
        var ex = Should.Throw<ArgumentException>(() => ToWgs84.Transform(Read("POINT (114.1 22.3)", srid: 4326)));

        ex.Message.ShouldContain("4326");
    }

    private static Geometry Read(string wkt, int srid)
    {
        var geometry = new WKTReader().Read(wkt);
        geometry.SRID = srid;
        return geometry;
    }

    // Nesting, part counts, ring counts and vertex counts, but not coordinates.
    private static string Shape(Geometry g) => g switch
    {
        Polygon p => $"Polygon[{p.ExteriorRing.NumPoints};{string.Join(",", p.InteriorRings.Select(r => r.NumPoints))}]",
        GeometryCollection c => $"{c.GeometryType}({string.Join(" ", Enumerable.Range(0, c.NumGeometries).Select(i => Shape(c.GetGeometryN(i))))})",
        _ => $"{g.GeometryType}[{g.NumPoints}]",
    };
}
