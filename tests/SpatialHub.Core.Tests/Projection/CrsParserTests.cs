using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Tests.Projection;

[Trait("Category", "Unit")]
public sealed class CrsParserTests
{
    [Theory]
    [InlineData("EPSG:2326", 2326)]
    [InlineData("epsg:2326", 2326)]
    [InlineData("2326", 2326)]
    [InlineData("  EPSG:2326  ", 2326)]
    [InlineData("urn:ogc:def:crs:EPSG::2326", 2326)]
    [InlineData("urn:ogc:def:crs:EPSG:6.6:2326", 2326)]
    [InlineData("URN:OGC:DEF:CRS:EPSG::2326", 2326)]
    [InlineData("urn:x-ogc:def:crs:EPSG:2326", 2326)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/2326", 2326)]
    [InlineData("https://www.opengis.net/def/crs/EPSG/0/2326", 2326)]
    [InlineData("EPSG:4611", 4611)]
    [InlineData("EPSG:4326", 4326)]
    [InlineData("urn:ogc:def:crs:EPSG::4326", 4326)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4326", 4326)]
    [InlineData("CRS84", 4326)]
    [InlineData("crs84", 4326)]
    [InlineData("OGC:CRS84", 4326)]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84", 4326)]
    [InlineData("urn:ogc:def:crs:OGC::CRS84", 4326)]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326)]
    [InlineData("EPSG:3857", 3857)]
    [InlineData("EPSG:900913", 3857)]
    [InlineData("EPSG:102100", 3857)]
    [InlineData("EPSG:102113", 3857)]
    [InlineData("EPSG:3785", 3857)]
    public void Every_accepted_form_names_its_crs(string text, int srid)
    {
        CrsParser.Parse(text).Srid.ShouldBe(srid);
        CrsParser.TryParse(text, out var crs).ShouldBeTrue();
        crs!.Srid.ShouldBe(srid);
    }

    [Fact]
    public void Crs84_is_the_geographic_wgs84_with_longitude_first() =>
        CrsParser.Parse("OGC:CRS84").ShouldBe(CrsRegistry.Wgs84);

    [Theory]
    [InlineData("EPSG:32650")]
    [InlineData("EPSG:")]
    [InlineData("EPSG:abc")]
    [InlineData("EPSG:2326:extra")]
    [InlineData("ESPG:2326")]
    [InlineData("urn:ogc:def:crs:EPSG::")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/")]
    [InlineData("http://example.com/def/crs/EPSG/0/2326")]
    [InlineData("CRS83")]
    [InlineData("-2326")]
    [InlineData("99999999999")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("WGS84")]
    public void Unknown_or_unsupported_names_are_rejected_naming_the_text(string text)
    {
        var ex = Should.Throw<UnsupportedCrsException>(() => CrsParser.Parse(text));

        ex.CrsText.ShouldBe(text);
        ex.Message.ShouldContain($"'{text}'");
        CrsParser.TryParse(text, out var crs).ShouldBeFalse();
        crs.ShouldBeNull();
    }

    [Fact]
    public void Try_parse_of_null_is_false() => CrsParser.TryParse(null, out _).ShouldBeFalse();
}
