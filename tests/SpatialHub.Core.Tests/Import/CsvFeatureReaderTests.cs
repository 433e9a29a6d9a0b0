using System.Text;
using NetTopologySuite.Geometries;
using Shouldly;
using SpatialHub.Core.Import;
using Xunit;
using static SpatialHub.Core.Tests.Import.ReaderTestHelpers;

namespace SpatialHub.Core.Tests.Import;

[Trait("Category", "Unit")]
public sealed class CsvFeatureReaderTests
{
    private static ImportIssue SingleIssue(List<ReadResult> results) => results.Issues().ShouldHaveSingleItem();

    [Fact]
    public void A_truncated_quote_at_the_end_of_the_file_is_an_issue_on_the_line_where_the_record_starts()
    {
        var results = Csv("name,lon,lat\nA,114.1,22.3\nB,114.2,\"22.4\nC,114.3,22.5\n", "trunc.csv").ReadAll();

        results.Features().Count.ShouldBe(1);
        var issue = SingleIssue(results);
        issue.File.ShouldBe("trunc.csv");
        issue.Line.ShouldBe(3);
        issue.Field.ShouldBeNull();
        issue.Value.ShouldNotBeNull().ShouldStartWith("B,114.2,\"22.4");
        issue.Reason.ShouldBe("a quoted field is not closed before the end of the file");
    }

    [Fact]
    public void A_non_numeric_coordinate_is_an_issue_naming_the_field_and_value()
    {
        var results = Csv("name,Easting,Northing\nA,836000,820000\nB,836000,north-ish\nC,836001,820001\n", "e.csv").ReadAll();

        results.Features().Count.ShouldBe(2);
        SingleIssue(results).ShouldBe(new ImportIssue("e.csv", 3, "Northing", "north-ish", "the coordinate is not a number"));
    }

    [Fact]
    public void A_missing_coordinate_is_an_issue_naming_the_field()
    {
        var results = Csv("name,lat,lon\nA,,114.1\n", "m.csv").ReadAll();

        SingleIssue(results).ShouldBe(new ImportIssue("m.csv", 2, "lat", null, "the coordinate is missing"));
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_columns_is_an_issue_and_reading_goes_on()
    {
        var results = Csv("name,lon,lat\nA,114.1,22.3,extra\nB,114.2,22.4\n", "w.csv").ReadAll();

        results.Features().ShouldHaveSingleItem().Line.ShouldBe(3);
        SingleIssue(results).ShouldBe(new ImportIssue("w.csv", 2, null, "A,114.1,22.3,extra", "the row has 4 columns but the header has 3"));
    }

    [Fact]
    public void An_empty_file_is_one_issue_at_line_1()
    {
        var results = Csv("", "empty.csv").ReadAll();

        results.ShouldHaveSingleItem().Issue.ShouldBe(new ImportIssue("empty.csv", 1, null, null, "the file is empty"));
    }

    [Fact]
    public void A_file_without_coordinate_columns_is_one_issue_at_line_1_listing_the_header()
    {
        var results = Csv("name,address,phone\nA,1 Road,123\n", "nocoord.csv").ReadAll();

        var issue = results.ShouldHaveSingleItem().Issue.ShouldNotBeNull();
        issue.Line.ShouldBe(1);
        issue.File.ShouldBe("nocoord.csv");
        issue.Field.ShouldBeNull();
        issue.Value.ShouldBe("name, address, phone");
        issue.Reason.ShouldStartWith("no coordinate columns found");
        issue.Reason.ShouldEndWith("the header has: name, address, phone");
    }

    [Fact]
    public void Binary_garbage_with_nul_bytes_is_one_clean_issue()
    {
        var bytes = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0xFF, 0xFE, 0x0A, 0x00 };
        var results = new CsvFeatureReader(new MemoryStream(bytes), new ReaderOptions("book.xlsx")).ReadAll();

        results.ShouldHaveSingleItem().Issue.ShouldBe(
            new ImportIssue("book.xlsx", 1, null, null, "the file is binary, not delimited text (it contains NUL bytes)"));
    }

    [Fact]
    public void A_row_that_is_not_valid_utf8_is_an_issue_naming_the_column()
    {
        var head = Encoding.UTF8.GetBytes("name,lon,lat\nA,114.1,22.3\n");
        var big5Row = new byte[] { 0xA4, 0xA4, 0xA4, 0xE5, (byte)',', (byte)'1', (byte)'1', (byte)'4', (byte)',', (byte)'2', (byte)'2', (byte)'\n' };
        var results = new CsvFeatureReader(new MemoryStream([.. head, .. big5Row]), new ReaderOptions("big5.csv")).ReadAll();

        results.Features().Count.ShouldBe(1);
        SingleIssue(results).ShouldBe(new ImportIssue("big5.csv", 3, "name", null, "the row is not valid UTF-8 text; save the file as UTF-8"));
    }

    [Fact]
    public void One_bad_row_deep_inside_10000_rows_is_reported_at_its_exact_line_and_field()
    {
        var text = new StringBuilder("id,note,Longitude,Latitude\n");
        for (var i = 1; i <= 10_000; i++)
        {
            // Every 100th note spans two lines, so the line number is not the row number.
            var note = i % 100 == 0 ? "\"two\nlines\"" : "plain";
            var latitude = i == 7_777 ? "22.3x" : "22.3";
            text.Append($"{i},{note},114.1,{latitude}\n");
        }

        var results = Csv(text.ToString(), "big.csv").ReadAll();

        results.Features().Count.ShouldBe(9_999);
        // Line = 1 (header) + 7,777 rows + 77 extra lines from the two-line notes of rows 100..7,700.
        SingleIssue(results).ShouldBe(new ImportIssue("big.csv", 1 + 7_777 + 77, "Latitude", "22.3x", "the coordinate is not a number"));
    }

    [Fact]
    public void Tab_separated_files_are_detected_and_crlf_line_ends_are_accepted()
    {
        var results = Csv("name\tX\tY\r\nA, the first\t836000.5\t820000.25\r\n", "t.tsv").ReadAll();

        var feature = results.Features().ShouldHaveSingleItem();
        feature.Properties["name"].ShouldBe("A, the first");
        feature.Geometry.ShouldBeOfType<Point>().X.ShouldBe(836000.5);
        feature.Geometry.SRID.ShouldBe(2326);
    }

    [Theory]
    [InlineData("LP_EAST,LP_NORTH", 2326)]
    [InlineData("e,n", 2326)]
    [InlineData("EASTING,NORTHING", 2326)]
    [InlineData("Lng,Lat", 4326)]
    [InlineData("LONG,LAT", 4326)]
    [InlineData("LP_LONG,LP_LAT", 4326)]
    public void Coordinate_columns_are_found_by_name_ignoring_case_and_imply_the_crs(string header, int srid)
    {
        var reader = Csv($"{header}\n1,2\n");

        var feature = reader.ReadAll().Features().ShouldHaveSingleItem();
        reader.SourceCrs.Srid.ShouldBe(srid);
        feature.Geometry.Coordinate.ShouldBe(new Coordinate(1, 2));
    }

    [Fact]
    public void The_user_can_name_the_coordinate_columns_and_the_crs()
    {
        var reader = Csv("a,b,c\nx,836000,820000\n", srs: "EPSG:2326", x: "B", y: "c");

        reader.ReadAll().Features().ShouldHaveSingleItem().Geometry.Coordinate.ShouldBe(new Coordinate(836000, 820000));
        reader.SourceCrs.Srid.ShouldBe(2326);
    }

    [Fact]
    public void An_unknown_crs_given_by_the_user_is_an_issue()
    {
        var results = Csv("lon,lat\n1,2\n", "u.csv", srs: "EPSG:9999").ReadAll();

        results.ShouldHaveSingleItem().Issue.ShouldBe(new ImportIssue("u.csv", 1, null, "EPSG:9999", "unknown or unsupported CRS 'EPSG:9999'"));
    }

    [Fact]
    public void Attribute_types_are_inferred_and_empty_cells_are_null()
    {
        var reader = Csv("id,count,ratio,flag,day,code,lon,lat\n1,10,0.5,True,2024-01-31,007,114,22\n2,,1.5,false,2024-02-01,010,114,22\n");

        var features = reader.ReadAll().Features();
        var first = features[0].Properties;
        first["count"].ShouldBe(10L);
        first["ratio"].ShouldBe(0.5);
        first["flag"].ShouldBe(true);
        first["day"].ShouldBe(new DateOnly(2024, 1, 31));
        first["code"].ShouldBe("007");
        features[1].Properties["count"].ShouldBeNull();
        features[1].Properties["flag"].ShouldBe(false);
        reader.Fields.Select(f => f.Type).ShouldBe(
            [FieldType.Integer, FieldType.Integer, FieldType.Real, FieldType.Boolean, FieldType.Date, FieldType.Text, FieldType.Integer, FieldType.Integer]);
    }

    [Fact]
    public void A_value_after_the_sample_that_does_not_fit_widens_its_column_to_text()
    {
        var text = new StringBuilder("ref,lon,lat\n");
        for (var i = 1; i <= 5; i++)
        {
            text.Append($"{i},114,22\n");
        }

        text.Append("R-6,114,22\n");
        var reader = new CsvFeatureReader(Utf8(text.ToString()), new ReaderOptions("w.csv"), separator: null, sampleRows: 3);

        var features = reader.ReadAll().Features();
        features[0].Properties["ref"].ShouldBe(1L);
        features[^1].Properties["ref"].ShouldBe("R-6");
        var field = reader.Fields[0];
        field.ShouldBe(new FieldDefinition("ref", FieldType.Text));
        reader.TextFieldsWithTypedValues.ShouldBe(["ref"]);
    }

    [Fact]
    public void Only_text_fields_that_yielded_numbers_or_booleans_need_converting_after_the_read()
    {
        // size widens Integer to Real (both JSON numbers); name is text from the sample on; code turns text in the sample.
        var text = new StringBuilder("size,name,code,lon,lat\n");
        for (var i = 1; i <= 5; i++)
        {
            text.Append($"{i},n{i},{(i == 2 ? "X" : i)},114,22\n");
        }

        text.Append("2.5,n6,7,114,22\n");
        var reader = new CsvFeatureReader(Utf8(text.ToString()), new ReaderOptions("w.csv"), separator: null, sampleRows: 3);

        reader.ReadAll();
        reader.Fields.Take(3).Select(f => f.Type).ShouldBe([FieldType.Real, FieldType.Text, FieldType.Text]);
        reader.TextFieldsWithTypedValues.ShouldBeEmpty();
    }

    [Fact]
    public void Empty_and_repeated_header_names_get_unique_names()
    {
        var feature = Csv("name,,name,lon,lat\na,b,c,1,2\n").ReadAll().Features().ShouldHaveSingleItem();

        feature.Properties.Keys.ShouldBe(["name", "field_2", "name_2", "lon", "lat"]);
    }
}
