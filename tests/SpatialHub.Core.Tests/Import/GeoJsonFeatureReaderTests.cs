using System.Text;
using NetTopologySuite.Geometries;
using Shouldly;
using SpatialHub.Core.Import;
using Xunit;
using static SpatialHub.Core.Tests.Import.ReaderTestHelpers;

namespace SpatialHub.Core.Tests.Import;

[Trait("Category", "Unit")]
public sealed class GeoJsonFeatureReaderTests
{
    private const string PointFeature = """{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[114.1,22.3]}}""";

    [Fact]
    public void Invalid_json_is_an_issue_that_says_where()
    {
        var results = GeoJson("{\"type\":\"FeatureCollection\",\"features\":[\n" + PointFeature + ",\n{\"type\":\"Feature\",,}]}", "bad.geojson").ReadAll();

        results.Features().Count.ShouldBe(1);
        var issue = results.Issues().ShouldHaveSingleItem();
        issue.File.ShouldBe("bad.geojson");
        issue.Line.ShouldBe(2);
        issue.Field.ShouldBeNull();
        issue.Reason.ShouldStartWith("invalid JSON at line 3, byte 19:");
    }

    [Fact]
    public void Json_that_is_not_geojson_is_one_issue()
    {
        var results = GeoJson("""{"name":"not a map"}""", "x.json").ReadAll();

        results.ShouldHaveSingleItem().Issue.ShouldBe(new ImportIssue("x.json", 1, "type", null, "not GeoJSON: the top-level object has no 'type'"));
    }

    [Fact]
    public void A_top_level_array_is_not_geojson()
    {
        var issue = GeoJson("[1,2]", "a.json").ReadAll().ShouldHaveSingleItem().Issue.ShouldNotBeNull();

        issue.Reason.ShouldBe("not GeoJSON: the top-level value is an array, not a FeatureCollection, Feature or geometry object");
    }

    [Fact]
    public void An_unknown_crs_is_an_issue_naming_the_crs_text()
    {
        var text = """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},"features":[]}""";

        GeoJson(text, "uk.geojson").ReadAll().ShouldHaveSingleItem().Issue.ShouldBe(
            new ImportIssue("uk.geojson", 1, "crs", "urn:ogc:def:crs:EPSG::27700", "unknown or unsupported CRS 'urn:ogc:def:crs:EPSG::27700'"));
    }

    [Fact]
    public void The_users_crs_overrides_the_crs_member()
    {
        var text = """{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:2326"}},"features":[""" + PointFeature + "]}";
        var reader = GeoJson(text, srs: "urn:ogc:def:crs:OGC:1.3:CRS84");

        reader.ReadAll().Features().ShouldHaveSingleItem().Geometry.SRID.ShouldBe(4326);
        reader.SourceCrs.Srid.ShouldBe(4326);
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[114.1]}""", "a position needs at least two numbers")]
    [InlineData("""{"type":"Point","coordinates":["114.1","22.3"]}""", "a coordinate is not a number")]
    [InlineData("""{"type":"Point"}""", "the geometry has no 'coordinates' array")]
    [InlineData("""{"type":"LineString","coordinates":[[1,2]]}""", "a line string needs at least two positions")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}""", "a polygon ring is not closed (its last position differs from its first)")]
    [InlineData("""{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}""", "a polygon ring needs at least four positions")]
    [InlineData("""{"type":"Circle","coordinates":[0,0]}""", "'Circle' is not a GeoJSON geometry type")]
    public void Bad_geometries_are_issues_on_the_feature_index(string geometry, string reason)
    {
        var text = $$"""{"type":"FeatureCollection","features":[{{PointFeature}},{"type":"Feature","properties":{},"geometry":{{geometry}}}]}""";

        var results = GeoJson(text, "g.geojson").ReadAll();

        results.Features().Count.ShouldBe(1);
        var issue = results.Issues().ShouldHaveSingleItem();
        (issue.File, issue.Line, issue.Field, issue.Reason).ShouldBe(("g.geojson", 2L, "geometry", reason));
    }

    [Fact]
    public void A_null_geometry_is_an_issue()
    {
        var text = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}""";

        GeoJson(text, "n.geojson").ReadAll().ShouldHaveSingleItem().Issue.ShouldBe(
            new ImportIssue("n.geojson", 1, "geometry", null, "the feature has no geometry"));
    }

    [Fact]
    public void Every_geometry_type_is_read_and_heights_are_dropped()
    {
        var geometries = new[]
        {
            """{"type":"Point","coordinates":[1,2,30]}""",
            """{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}""",
            """{"type":"LineString","coordinates":[[1,2],[3,4]]}""",
            """{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]}""",
            """{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,0]],[[1,1],[2,1],[2,2],[1,1]]]}""",
            """{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}""",
            """{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[1,2],[3,4]]}]}""",
        };
        var text = """{"type":"FeatureCollection","features":[""" +
            string.Join(",", geometries.Select(g => $$"""{"type":"Feature","properties":null,"geometry":{{g}}}""")) + "]}";

        var features = GeoJson(text).ReadAll().Features();

        features.Select(f => f.Geometry.OgcGeometryType.ToString()).ShouldBe(
            ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"]);
        features[0].Geometry.Coordinate.Z.ShouldBe(double.NaN);
        features[4].Geometry.ShouldBeOfType<Polygon>().NumInteriorRings.ShouldBe(1);
    }

    [Fact]
    public void Properties_keep_their_json_types_and_nested_values_become_json_text()
    {
        var text = """{"type":"Feature","id":"f-1","properties":{"i":3,"r":2.5,"s":"x","b":true,"z":null,"o":{"k":[1,2]}},"geometry":{"type":"Point","coordinates":[1,2]}}""";
        var reader = GeoJson(text);

        var properties = reader.ReadAll().Features().ShouldHaveSingleItem().Properties;

        properties["i"].ShouldBe(3L);
        properties["r"].ShouldBe(2.5);
        properties["s"].ShouldBe("x");
        properties["b"].ShouldBe(true);
        properties["z"].ShouldBeNull();
        properties["o"].ShouldBe("""{"k":[1,2]}""");
        properties["id"].ShouldBe("f-1");
        reader.Fields.Select(f => f.Type).ShouldBe(
            [FieldType.Integer, FieldType.Real, FieldType.Text, FieldType.Boolean, FieldType.Text, FieldType.Text, FieldType.Text]);
    }

    [Fact]
    public void A_feature_id_does_not_overwrite_an_id_property()
    {
        var text = """{"type":"Feature","id":7,"properties":{"id":"mine"},"geometry":{"type":"Point","coordinates":[1,2]}}""";

        var properties = GeoJson(text).ReadAll().Features().ShouldHaveSingleItem().Properties;

        properties["id"].ShouldBe("mine");
        properties["feature_id"].ShouldBe(7L);
    }

    [Fact]
    public void Newline_delimited_features_get_their_line_numbers()
    {
        var text = PointFeature + "\n\n" + PointFeature.Replace("114.1", "114.2") + "\n";

        var features = GeoJson(text, "s.geojsonl").ReadAll().Features();

        features.Select(f => f.Line).ShouldBe([1L, 3L]);
        features[1].Geometry.Coordinate.X.ShouldBe(114.2);
    }

    [Fact]
    public void Record_separated_sequences_are_read_and_a_bad_line_does_not_stop_the_rest()
    {
        var text = "\u001e" + PointFeature + "\n\u001e{\"type\":\"Feature\" oops}\n\u001e" + PointFeature + "\n";

        var results = GeoJson(text, "rs.geojsons").ReadAll();

        results.Features().Select(f => f.Line).ShouldBe([1L, 3L]);
        var issue = results.Issues().ShouldHaveSingleItem();
        (issue.File, issue.Line, issue.Field).ShouldBe(("rs.geojsons", 2L, (string?)null));
        issue.Reason.ShouldStartWith("invalid JSON at line 2");
    }

    [Fact]
    public void A_byte_order_mark_before_geojson_is_skipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(PointFeature)).ToArray();

        new GeoJsonFeatureReader(new MemoryStream(bytes), new ReaderOptions("bom.geojson")).ReadAll().Features().Count.ShouldBe(1);
    }

    [Fact]
    public void A_feature_larger_than_the_read_buffer_is_read_whole()
    {
        var ring = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"[{i}.125,{i % 7}.5]").Append("[0.125,0.5]"));
        var text = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":["""
            + ring + "]}}]}";

        var feature = GeoJson(text).ReadAll().Features().ShouldHaveSingleItem();

        feature.Geometry.ShouldBeOfType<LineString>().NumPoints.ShouldBe(20_001);
    }
}
