using Shouldly;
using SpatialHub.Core.Import;
using Xunit;
using static SpatialHub.Core.Tests.Import.ReaderTestHelpers;

namespace SpatialHub.Core.Tests.Import;

[Trait("Category", "Unit")]
public sealed class FeatureReadersTests
{
    [Theory]
    [InlineData("data.bin", "csv", typeof(CsvFeatureReader))]
    [InlineData("data.bin", "GeoJSONSeq", typeof(GeoJsonFeatureReader))]
    [InlineData("data.bin", "ndjson", typeof(GeoJsonFeatureReader))]
    [InlineData("points.csv", null, typeof(CsvFeatureReader))]
    [InlineData("points.tsv", null, typeof(CsvFeatureReader))]
    [InlineData("areas.geojson", null, typeof(GeoJsonFeatureReader))]
    public void The_format_comes_from_the_name_given_else_the_extension(string fileName, string? format, Type expected) =>
        FeatureReaders.Open(Utf8("x"), new ReaderOptions(fileName), format).ShouldBeOfType(expected);

    [Theory]
    [InlineData("\uFEFF  {\"type\":\"Feature\"}", typeof(GeoJsonFeatureReader))]
    [InlineData("\u001e{}", typeof(GeoJsonFeatureReader))]
    [InlineData("lon,lat\n1,2\n", typeof(CsvFeatureReader))]
    public void Without_a_format_or_extension_the_first_bytes_decide(string content, Type expected) =>
        FeatureReaders.Open(Utf8(content), new ReaderOptions("upload"), null).ShouldBeOfType(expected);

    [Fact]
    public void Sniffing_does_not_lose_the_first_bytes()
    {
        var reader = FeatureReaders.Open(Utf8("lon,lat\n114.1,22.3\n"), new ReaderOptions("upload"), null);

        reader.ReadAll().Features().ShouldHaveSingleItem().Geometry.Coordinate.X.ShouldBe(114.1);
    }

    [Fact]
    public void An_explicit_tsv_format_reads_tabs_even_when_commas_are_more_common()
    {
        var reader = FeatureReaders.Open(Utf8("a,b\tlon\tlat\n1,2,3\t114\t22\n"), new ReaderOptions("upload"), "tsv");

        reader.ReadAll().Features().ShouldHaveSingleItem().Properties["a,b"].ShouldBe("1,2,3");
    }

    [Fact]
    public void An_unknown_format_is_refused() =>
        Should.Throw<UnsupportedFormatException>(() => FeatureReaders.Open(Utf8(""), new ReaderOptions("x"), "shapefile"))
            .Format.ShouldBe("shapefile");
}
