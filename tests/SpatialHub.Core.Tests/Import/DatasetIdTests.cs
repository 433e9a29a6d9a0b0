using SpatialHub.Core.Catalog;

namespace SpatialHub.Core.Tests.Import;

[Trait("Category", "Unit")]
public sealed class DatasetIdTests
{
    [Theory]
    [InlineData("wifi-hk", true)]
    [InlineData("a", true)]
    [InlineData("sec-nl\n", false)]
    [InlineData("sec-nl\r", false)]
    [InlineData("sec\nnl", false)]
    [InlineData("sec-nl\t", false)]
    [InlineData("-leading", false)]
    [InlineData("Upper", false)]
    public void Only_the_whole_text_matches_so_a_trailing_newline_is_refused(string id, bool valid)
    {
        DatasetId.IsValid(id).ShouldBe(valid);
    }

    [Fact]
    public void TryParse_gives_an_id_equal_by_value_and_refuses_what_the_rule_refuses()
    {
        DatasetId.TryParse("wifi-hk", out var parsed).ShouldBeTrue();
        parsed.ShouldBe(DatasetId.Parse("wifi-hk"));
        ((string)parsed).ShouldBe("wifi-hk");
        DatasetId.TryParse("Wifi!", out var refused).ShouldBeFalse();
        refused.ShouldBe(default);
        DatasetId.TryParse(null, out _).ShouldBeFalse();
        Should.Throw<InvalidOperationException>(() => default(DatasetId).Value);
        Should.Throw<InvalidDatasetIdException>(() => DatasetId.Parse("x" + new string('y', DatasetId.MaxLength)))
            .Message.ShouldContain("1 to 63 lower-case letters");
    }

    [Theory]
    [InlineData("Point", NetTopologySuite.Geometries.OgcGeometryType.Point)]
    [InlineData("MultiPolygon", NetTopologySuite.Geometries.OgcGeometryType.MultiPolygon)]
    [InlineData("Geometry", null)]
    [InlineData("point", null)]
    public void The_catalog_geometry_type_reads_as_NTS_OgcGeometryType(string name, NetTopologySuite.Geometries.OgcGeometryType? type)
    {
        GeometryTypes.Parse(name).ShouldBe(type);
        GeometryTypes.IsPoint(name).ShouldBe(type == NetTopologySuite.Geometries.OgcGeometryType.Point);
    }
}
