using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Tests.Projection;

[Trait("Category", "Unit")]
public sealed class CoordinateTextTransformerTests
{
    // Expected strings are cs2cs output (-f %.9f / %.4f) for the Lands Department check points, whose published
    // latitudes (22.322172084, 22.294313001) are 7e-10 degrees away and round the other way.
    [Fact]
    public void Grid_to_wgs84_writes_longitude_latitude_with_nine_decimals()
    {
        var (output, count) = Run("EPSG:2326", "EPSG:4326", "832591.320 820351.389\n835411.431,817266.016\n");

        output.ShouldBe("114.141187917 22.322172085\n114.168562005 22.294313002\n");
        count.ShouldBe(2);
    }

    [Fact]
    public void Wgs84_to_grid_writes_easting_northing_with_four_decimals()
    {
        var (output, _) = Run("CRS84", "2326", "114.141187917 22.322172084\n");

        output.ShouldBe("832591.3204 820351.3888\n");
    }

    [Fact]
    public void Web_mercator_output_has_four_decimals()
    {
        var (output, _) = Run("EPSG:2326", "EPSG:3857", "832591.320 820351.389");

        output.ShouldMatch(@"^\d+\.\d{4} \d+\.\d{4}\n$");
    }

    [Fact]
    public void Blank_lines_comments_tabs_commas_and_crlf_are_handled()
    {
        const string input = "# Lands Department check points\r\n\r\n   \r\n832591.320\t820351.389\r\n" +
                             "  # indented comment\r\n835411.431 , 817266.016\r\n8.32591320e5 8.20351389E5\r\n";

        var (output, count) = Run("EPSG:2326", "EPSG:4326", input);

        count.ShouldBe(3);
        output.ShouldBe("114.141187917 22.322172085\n114.168562005 22.294313002\n114.141187917 22.322172085\n");
    }

    [Fact]
    public void Identity_reformats_without_changing_values()
    {
        var (output, _) = Run("EPSG:4326", "OGC:CRS84", "114.1 22.3\n");

        output.ShouldBe("114.100000000 22.300000000\n");
    }

    [Fact]
    public void Empty_input_writes_nothing()
    {
        var (output, count) = Run("EPSG:2326", "EPSG:4326", "");

        output.ShouldBeEmpty();
        count.ShouldBe(0);
    }

    [Theory]
    [InlineData("832591.320", "expected two numbers")]
    [InlineData("832591.320 820351.389 12.5", "found more")]
    [InlineData("832591,320 820351,389", "found more")]
    [InlineData("832591.320 abc", "'abc' is not a number")]
    [InlineData("832591.320 NaN", "'NaN' is not a number")]
    [InlineData("832591.320 ∞", "is not a number")]
    [InlineData("832591.320,,820351.389", "at most one comma")]
    public void A_bad_line_stops_with_its_line_number_and_text(string badLine, string reason)
    {
        var input = $"# header\n832591.320 820351.389\n\n{badLine}\n835411.431 817266.016\n";
        var output = new StringWriter();

        var ex = Should.Throw<CoordinateLineException>(
            () => CoordinateTextTransformer.Create("EPSG:2326", "EPSG:4326").Transform(new StringReader(input), output));

        ex.LineNumber.ShouldBe(4);
        ex.LineText.ShouldBe(badLine);
        ex.Message.ShouldStartWith("Line 4: ");
        ex.Message.ShouldContain(badLine);
        ex.Reason.ShouldContain(reason);
        output.ToString().ShouldBe("114.141187917 22.322172085\n");
    }

    [Fact]
    public void An_unknown_crs_name_is_rejected_before_reading()
    {
        Should.Throw<UnsupportedCrsException>(() => CoordinateTextTransformer.Create("EPSG:2326", "EPSG:9999"))
            .CrsText.ShouldBe("EPSG:9999");
    }

    private static (string Output, int Count) Run(string from, string to, string input)
    {
        var output = new StringWriter();
        var count = CoordinateTextTransformer.Create(from, to).Transform(new StringReader(input), output);
        return (output.ToString(), count);
    }
}
