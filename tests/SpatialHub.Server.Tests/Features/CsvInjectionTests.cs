using System.Diagnostics;
using System.Text.Json;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>The CSV export neutralises text that a spreadsheet would run as a formula (OWASP, CSV injection): a text
/// value or field name starting with =, +, -, @, tab or CR gets a leading single quote and is quoted, while numbers
/// of numeric fields, negative ones included, go out as numbers. GDAL's CSV driver, an outside reader, sees the
/// same columns and values.</summary>
[Trait("Category", "Integration")]
public sealed class CsvInjectionTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>, IAsyncLifetime
{
    private const string DatasetId = "formulas";

    /// <summary>label (text), amount (real, negative too) and, as a field name, "=cmd".</summary>
    private static readonly (string Label, double Amount)[] Rows =
    [
        ("=HYPERLINK(\"http://evil.example\",\"x\")", -12.5),
        ("+85212345678", 3),
        ("-2+3", -7.25),
        ("@SUM(A1:A9)", 0),
        ("\tindented", 1),
        ("\rreturn", 2),
        ("Plain text, with a comma", -1),
    ];

    public async Task InitializeAsync()
    {
        var features = Rows.Select((row, i) => JsonSerializer.Serialize(new
        {
            type = "Feature",
            geometry = new { type = "Point", coordinates = new[] { 114.15 + i * 0.001, 22.3 } },
            properties = new Dictionary<string, object> { ["label"] = row.Label, ["amount"] = row.Amount, ["=cmd"] = "ok" },
        }));
        await using var db = TestDatabase.Open(factory.ConnectionString);
        await db.ImportTextAsync(DatasetId, "formulas.geojson", $$"""{"type":"FeatureCollection","features":[{{string.Join(',', features)}}]}""");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Text_starting_with_a_formula_character_is_prefixed_with_a_quote_and_numbers_stay_numbers()
    {
        var text = await factory.CreateClient().GetStringAsync($"/collections/{DatasetId}/items?f=csv");

        var lines = text.Split("\r\n");
        lines[0].ShouldBe("label,amount,\"'=cmd\",longitude,latitude,easting_hk1980,northing_hk1980");
        lines[1].ShouldStartWith("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",-12.5,ok,");
        lines[2].ShouldStartWith("\"'+85212345678\",3,ok,");
        lines[3].ShouldStartWith("\"'-2+3\",-7.25,ok,");
        lines[4].ShouldStartWith("\"'@SUM(A1:A9)\",0,ok,");
        lines[5].ShouldStartWith("\"'\tindented\",1,ok,");
        var records = Rfc4180.Parse(text);
        records.Skip(1).Select(r => r[0]).ShouldBe(Rows.Select(r => r.Label is ['=' or '+' or '-' or '@' or '\t' or '\r', ..] ? "'" + r.Label : r.Label));
        records.Skip(1).Select(r => r[1]).ShouldBe(["-12.5", "3", "-7.25", "0", "1", "2", "-1"]);
    }

    [Fact]
    public async Task Gdal_reads_the_same_columns_and_values()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("spatialhub-csv-").FullName, "formulas.csv");
        await File.WriteAllTextAsync(file, await factory.CreateClient().GetStringAsync($"/collections/{DatasetId}/items?f=csv"));

        // GDAL's CSV driver with type detection: amount must come out as a real column, the labels as strings.
        var info = Run("ogrinfo", "-ro", "-al", "-oo", "AUTODETECT_TYPE=YES", "-oo", "KEEP_SOURCE_COLUMNS=NO", file);

        info.ShouldContain("Feature Count: 7");
        info.ShouldContain("label: String");
        info.ShouldContain("amount: Real");
        info.ShouldContain("'=cmd: String");
        info.ShouldContain("label (String) = '=HYPERLINK(\"http://evil.example\",\"x\")");
        info.ShouldContain("label (String) = '@SUM(A1:A9)");
        info.ShouldContain("amount (Real) = -12.5");
        info.ShouldContain("amount (Real) = -7.25");
        info.ShouldContain("label (String) = Plain text, with a comma");
    }

    private static string Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, errors);
        return output;
    }
}
