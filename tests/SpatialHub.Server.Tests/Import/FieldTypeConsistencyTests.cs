using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using SpatialHub.Server.Tests.Features;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Import;

/// <summary>
/// One type per field per dataset version: a field whose type widens late in a file (numbers for tens of thousands
/// of rows, then "AB29990") holds that one type in every stored feature, not JSON numbers before the widening and
/// strings after it. Checked in the version table itself (jsonb_typeof), through the items API and in the CSV export.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FieldTypeConsistencyTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task A_field_of_numbers_that_turns_to_text_after_29990_rows_is_text_in_every_feature()
    {
        var datasetId = await ImportAsync("widening", WideningCsv(numericRows: 29_990));

        var types = await JsonTypesAsync(datasetId);
        types["LP_NUMBER"].ShouldBe(["string"]);
        types["flag"].ShouldBe(["string"]);
        types["height"].ShouldBe(["number"]);
        types["note"].ShouldBe(["string"]);
        await ShouldMatchTheCatalogAsync(datasetId, types);
        // The empty cells are JSON null still, not the text "null" or "".
        (await NullCountAsync(datasetId, "note")).ShouldBe((29_990 + 1) / 7);

        var client = factory.CreateClient();
        var first = (await client.GetJsonAsync($"/collections/{datasetId}/items?limit=1")).GetProperty("features")[0].GetProperty("properties");
        first.GetProperty("LP_NUMBER").ValueKind.ShouldBe(JsonValueKind.String);
        first.GetProperty("LP_NUMBER").GetString().ShouldBe("10001");
        first.GetProperty("flag").GetString().ShouldBe("false");
        first.GetProperty("height").GetDouble().ShouldBe(2.5);
        var last = (await client.GetJsonAsync($"/collections/{datasetId}/items?offset=29990&limit=1")).GetProperty("features")[0].GetProperty("properties");
        last.GetProperty("LP_NUMBER").GetString().ShouldBe("AB29990");

        var csv = Rfc4180.Parse(await client.GetStringAsync($"/collections/{datasetId}/items?f=csv"));
        var header = csv[0];
        csv.Count.ShouldBe(29_992);
        csv[1][header.IndexOf("LP_NUMBER")].ShouldBe("10001");
        csv[1][header.IndexOf("flag")].ShouldBe("false");
        csv[^1][header.IndexOf("LP_NUMBER")].ShouldBe("AB29990");
        csv[^1][header.IndexOf("flag")].ShouldBe("n/a");
    }

    [Fact]
    public async Task The_full_size_lamppost_pattern_of_100000_numbers_then_text_has_one_type()
    {
        var datasetId = await ImportAsync("lampposts-full", WideningCsv(numericRows: 100_000));

        var types = await JsonTypesAsync(datasetId);
        types["LP_NUMBER"].ShouldBe(["string"]);
        await ShouldMatchTheCatalogAsync(datasetId, types);
        var page = await factory.CreateClient().GetJsonAsync($"/collections/{datasetId}/items?offset=99999&limit=2");
        page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("LP_NUMBER").GetString())
            .ShouldBe(["110000", "AB29990"]);
    }

    [Fact]
    public async Task A_geojson_property_mixing_numbers_booleans_and_strings_is_text_in_every_feature()
    {
        var features = new[] { "1", "2.5", "true", "\"A-3\"", "null" }.Select((value, i) =>
            $$$"""{"type":"Feature","geometry":{"type":"Point","coordinates":[114.1{{{i}}},22.3]},"properties":{"ref":{{{value}}},"count":{{{i}}}}}""");
        await using var db = TestDatabase.Open(factory.ConnectionString);
        await db.ImportTextAsync("mixed-geojson", "mixed.geojson", $$"""{"type":"FeatureCollection","features":[{{string.Join(',', features)}}]}""");

        var types = await JsonTypesAsync("mixed-geojson");
        types["ref"].ShouldBe(["string"]);
        types["count"].ShouldBe(["number"]);
        await ShouldMatchTheCatalogAsync("mixed-geojson", types);
        var page = await factory.CreateClient().GetJsonAsync("/collections/mixed-geojson/items");
        page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("ref"))
            .Select(v => v.ValueKind == JsonValueKind.Null ? null : v.GetString())
            .ShouldBe(["1", "2.5", "true", "A-3", null]);
    }

    /// <summary>Points in Kowloon; LP_NUMBER is 10001, 10002 ... for <paramref name="numericRows"/> rows then "AB29990" (the
    /// HyD list's pattern); flag is a boolean until "n/a" on that last row; height stays a number; note is empty every
    /// seventh row.</summary>
    private static string WideningCsv(int numericRows)
    {
        var csv = new StringBuilder("LP_NUMBER,flag,height,note,Easting,Northing\n");
        for (var i = 1; i <= numericRows + 1; i++)
        {
            var number = i <= numericRows ? (10_000 + i).ToString(CultureInfo.InvariantCulture) : "AB29990";
            var flag = i <= numericRows ? (i % 2 == 0 ? "true" : "false") : "n/a";
            var note = i % 7 == 0 ? "" : "lamp " + i.ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{number},{flag},{1.5 + i % 10},{note},{835000 + i % 1000},{818000 + i / 1000}\n");
        }
        return csv.ToString();
    }

    private async Task<string> ImportAsync(string datasetId, string csv)
    {
        await using var db = TestDatabase.Open(factory.ConnectionString);
        await db.ImportTextAsync(datasetId, datasetId + ".csv", csv);
        return datasetId;
    }

    /// <summary>Every JSON type (other than null) each property takes across the dataset's current version.</summary>
    private async Task<Dictionary<string, string[]>> JsonTypesAsync(string datasetId)
    {
        await using var db = TestDatabase.Open(factory.ConnectionString);
        var table = (await db.Catalog.GetAsync(datasetId)).FeatureTable;
        var json = await db.ScalarAsync<string>($"""
            SELECT json_object_agg(key, types)::text FROM (
                SELECT key, array_agg(DISTINCT jsonb_typeof(value) ORDER BY jsonb_typeof(value)) AS types
                FROM {table}, jsonb_each(properties) WHERE jsonb_typeof(value) <> 'null' GROUP BY key) AS t
            """);
        return JsonSerializer.Deserialize<Dictionary<string, string[]>>(json)!;
    }

    private async Task<long> NullCountAsync(string datasetId, string field)
    {
        await using var db = TestDatabase.Open(factory.ConnectionString);
        var table = (await db.Catalog.GetAsync(datasetId)).FeatureTable;
        return await db.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE jsonb_typeof(properties -> $1) = 'null'", field);
    }

    /// <summary>The one JSON type of each field is the one its declared catalog type is stored as.</summary>
    private async Task ShouldMatchTheCatalogAsync(string datasetId, Dictionary<string, string[]> types)
    {
        var collection = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/datasets/{datasetId}");
        foreach (var field in collection.GetProperty("fields").EnumerateArray())
        {
            var name = field.GetProperty("name").GetString()!;
            var expected = field.GetProperty("type").GetString() switch
            {
                "integer" or "real" => "number",
                "boolean" => "boolean",
                _ => "string",
            };
            types[name].ShouldBe([expected], $"field {name}");
        }
    }
}
