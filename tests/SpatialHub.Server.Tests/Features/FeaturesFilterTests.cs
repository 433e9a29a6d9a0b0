using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>OGC API – Features Part 3 on the it-sites sample (27 sites, text, integer and real fields with nulls): every
/// filter's features are checked against the same condition evaluated in .NET over the unfiltered items, and every
/// spatial filter against the bbox parameter the service already answers.</summary>
[Trait("Category", "Integration")]
public sealed class FeaturesFilterTests(FilterTestsFactory factory) : IClassFixture<FilterTestsFactory>
{
    private const string Items = "/collections/it-sites/items";

    public static TheoryData<string, string> TextAndJson => new()
    {
        { "category = 'science_park'", """{"op":"=","args":[{"property":"category"},"science_park"]}""" },
        { "opened >= 2010 AND district <> 'Tai Po'", """{"op":"and","args":[{"op":">=","args":[{"property":"opened"},2010]},{"op":"<>","args":[{"property":"district"},"Tai Po"]}]}""" },
        { "name_en LIKE 'Hong Kong%'", """{"op":"like","args":[{"property":"name_en"},"Hong Kong%"]}""" },
        { "category IN ('science_park', 'talent_housing')", """{"op":"in","args":[{"property":"category"},["science_park","talent_housing"]]}""" },
        { "opened BETWEEN 2000 AND 2015", """{"op":"between","args":[{"property":"opened"},2000,2015]}""" },
        { "floor_area_m2 IS NULL", """{"op":"isNull","args":[{"property":"floor_area_m2"}]}""" },
        { "NOT (category = 'science_park' OR opened < 2005)", """{"op":"not","args":[{"op":"or","args":[{"op":"=","args":[{"property":"category"},"science_park"]},{"op":"<","args":[{"property":"opened"},2005]}]}]}""" },
    };

    [Theory]
    [MemberData(nameof(TextAndJson))]
    public async Task Text_and_json_filters_keep_exactly_the_features_the_condition_holds_for(string text, string json)
    {
        var client = factory.CreateClient();
        var all = (await client.GetJsonAsync($"{Items}?limit=1000")).GetProperty("features").EnumerateArray().ToList();
        var expected = all.Where(f => Holds(text, f.GetProperty("properties"))).Select(f => f.GetProperty("id").GetInt64()).Order().ToList();
        expected.Count.ShouldBeInRange(1, all.Count - 1, text);

        var byText = await client.GetJsonAsync($"{Items}?limit=1000&filter={Uri.EscapeDataString(text)}");
        byText.Ids().ShouldBe(expected, text);
        byText.GetProperty("numberMatched").GetInt64().ShouldBe(expected.Count);
        var byJson = await client.GetJsonAsync($"{Items}?limit=1000&filter-lang=cql2-json&filter={Uri.EscapeDataString(json)}");
        byJson.Ids().ShouldBe(expected, json);
    }

    [Fact]
    public async Task S_intersects_with_a_bbox_wkt_or_geojson_matches_the_bbox_parameter_in_each_crs()
    {
        var client = factory.CreateClient();
        var expected = (await client.GetJsonAsync($"{Items}?bbox=114.20,22.415,114.22,22.435")).Ids();
        expected.Count.ShouldBeGreaterThan(0);
        (await client.GetJsonAsync($"{Items}?filter={Uri.EscapeDataString("S_INTERSECTS(geometry, BBOX(114.20, 22.415, 114.22, 22.435))")}")).Ids().ShouldBe(expected);
        (await client.GetJsonAsync($"{Items}?filter={Uri.EscapeDataString("S_INTERSECTS(geometry, POLYGON((114.20 22.415, 114.22 22.415, 114.22 22.435, 114.20 22.435, 114.20 22.415)))")}"))
            .Ids().ShouldBe(expected);
        var geoJson = """{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[114.20,22.415],[114.22,22.415],[114.22,22.435],[114.20,22.435],[114.20,22.415]]]}]}""";
        (await client.GetJsonAsync($"{Items}?filter-lang=cql2-json&filter={Uri.EscapeDataString(geoJson)}")).Ids().ShouldBe(expected);
        // EPSG:4326 literals are latitude first.
        (await client.GetJsonAsync($"{Items}?filter-crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/4326")}&filter={Uri.EscapeDataString("S_INTERSECTS(geometry, BBOX(22.415, 114.20, 22.435, 114.22))")}"))
            .Ids().ShouldBe(expected);

        var grid = (await client.GetJsonAsync($"{Items}?bbox=835000,828000,842000,834000&bbox-crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/2326")}")).Ids();
        grid.Count.ShouldBeGreaterThan(0);
        (await client.GetJsonAsync($"{Items}?filter-crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/2326")}&filter={Uri.EscapeDataString("S_INTERSECTS(geometry, BBOX(835000, 828000, 842000, 834000)) AND opened > 1900")}"))
            .Ids().ShouldBe(grid);
    }

    [Fact]
    public async Task Name_value_parameters_filter_by_a_queryable_and_combine_with_filter()
    {
        var client = factory.CreateClient();
        var all = (await client.GetJsonAsync($"{Items}?limit=1000")).GetProperty("features").EnumerateArray().ToList();
        var taiPo = all.Where(f => f.GetProperty("properties").GetProperty("district").GetString() == "Tai Po").Select(f => f.GetProperty("id").GetInt64()).Order().ToList();
        (await client.GetJsonAsync($"{Items}?district=Tai%20Po")).Ids().ShouldBe(taiPo);
        var opened2001 = all.Where(f => f.GetProperty("properties").TryGetProperty("opened", out var o) && o.ValueKind == JsonValueKind.Number && o.GetInt32() == 2001)
            .Select(f => f.GetProperty("id").GetInt64()).Order().ToList();
        (await client.GetJsonAsync($"{Items}?opened=2001")).Ids().ShouldBe(opened2001);
        (await client.GetJsonAsync($"{Items}?district=Tai%20Po&filter={Uri.EscapeDataString("opened = 2001")}")).Ids().ShouldBe(taiPo.Intersect(opened2001).ToList());
    }

    [Fact]
    public async Task Values_are_parameters_so_quotes_and_sql_in_a_filter_only_match_text()
    {
        var page = await factory.CreateClient().GetJsonAsync(
            $"{Items}?filter={Uri.EscapeDataString("name_en = 'x''; DROP TABLE spatialhub.datasets; --' OR name_en LIKE '%''%'")}");
        page.GetProperty("numberMatched").GetInt64().ShouldBe(0);
        (await factory.CreateClient().GetJsonAsync("/collections/it-sites")).GetProperty("itemCount").GetInt64().ShouldBe(27);
    }

    [Theory]
    [InlineData("filter=name_en%20%3D", "Invalid filter", "character 10")]
    [InlineData("filter=name_en%20%3D%3D%20'x'", "Invalid filter", "character 10")]
    [InlineData("filter=nosuch%20%3D%201", "Unknown queryable", "'nosuch'")]
    [InlineData("filter=opened%20%3D%20'2001'", "Invalid filter", "cannot compare number with text")]
    [InlineData("filter=name_en%20LIKE%201", "Invalid filter", "quoted string")]
    [InlineData("filter-lang=cql2-json&filter=%7B%22op%22%3A%22%3D%22%7D", "Invalid filter", "/args")]
    [InlineData("filter-lang=ecql&filter=a%3D1", "Invalid filter-lang", "cql2-text")]
    [InlineData("filter-crs=EPSG%3A4326&filter=a%3D1", "Invalid filter-crs", "filter-crs")]
    [InlineData("filter-lang=cql2-text", "Invalid filter-lang", "give filter")]
    [InlineData("filter=S_INTERSECTS(geometry%2C%20BBOX(114%2C95%2C115%2C96))", "Invalid filter", "outside")]
    [InlineData("filter=S_INTERSECTS(geometry%2C%20POLYGON((0%200%2C1%201%2C1%200%2C0%201%2C0%200)))", "Invalid filter", "not valid")]
    [InlineData("filter=S_INTERSECTS(name_en%2C%20BBOX(114%2C22%2C115%2C23))", "Invalid filter", "not a geometry")]
    [InlineData("opened=soon", "Invalid opened", "number")]
    [InlineData("nosuch=1", "Unknown query parameter", "nosuch")]
    public async Task A_bad_filter_is_a_400_problem_naming_the_parameter_and_where(string query, string title, string detail)
    {
        var response = await factory.CreateClient().GetAsync($"{Items}?{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe(title);
        problem.GetProperty("detail").GetString()!.ShouldContain(detail);
    }

    [Fact]
    public async Task Queryables_are_a_json_schema_of_the_fields_in_source_order_plus_the_geometry()
    {
        var response = await factory.CreateClient().GetAsync("/collections/it-sites/queryables");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/schema+json");
        var schema = await response.Content.ReadFromJsonAsync<JsonElement>();
        schema.GetProperty("$schema").GetString().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        schema.GetProperty("$id").GetString().ShouldBe("http://localhost/collections/it-sites/queryables");
        schema.GetProperty("type").GetString().ShouldBe("object");
        schema.GetProperty("additionalProperties").GetBoolean().ShouldBeFalse();
        var properties = schema.GetProperty("properties").EnumerateObject().ToList();
        properties[0].Name.ShouldBe("geometry");
        properties[0].Value.GetProperty("format").GetString().ShouldBe("geometry-point");
        var catalogOrder = (await factory.CreateClient().GetJsonAsync("/api/datasets/it-sites")).GetProperty("fields").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()).ToList();
        properties.Skip(1).Select(p => p.Name).ShouldBe(catalogOrder);
        schema.GetProperty("properties").GetProperty("opened").GetProperty("type").GetString().ShouldBe("integer");
        schema.GetProperty("properties").GetProperty("name_en").GetProperty("type").GetString().ShouldBe("string");
        var collection = await factory.CreateClient().GetJsonAsync("/collections/it-sites");
        collection.Link("http://www.opengis.net/def/rel/ogc/1.0/queryables").ShouldBe("http://localhost/collections/it-sites/queryables");
    }

    [Fact]
    public async Task A_cql2_filter_takes_an_expensive_read_permit_and_name_value_does_not()
    {
        var client = factory.WithWebHostBuilder(b => b.UseSetting("SpatialHub:ExpensiveReads:PermitsPerMinute", "2")).CreateClient();
        for (var i = 0; i < 4; i++)
        {
            (await client.GetAsync($"{Items}?district=Tai%20Po")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        (await client.GetAsync($"{Items}?filter=opened%3D2001")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync($"{Items}?filter=opened%3D2001")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await client.GetAsync($"{Items}?filter=opened%3D2001");
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
    }

    /// <summary>The test filters evaluated in .NET (the reference the service's answers are compared with).</summary>
    private static bool Holds(string filter, JsonElement p)
    {
        string? Text(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        double? Number(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
        return filter switch
        {
            "category = 'science_park'" => Text("category") == "science_park",
            "opened >= 2010 AND district <> 'Tai Po'" => Number("opened") >= 2010 && Text("district") is { } d && d != "Tai Po",
            "name_en LIKE 'Hong Kong%'" => Text("name_en")?.StartsWith("Hong Kong", StringComparison.Ordinal) == true,
            "category IN ('science_park', 'talent_housing')" => Text("category") is "science_park" or "talent_housing",
            "opened BETWEEN 2000 AND 2015" => Number("opened") is >= 2000 and <= 2015,
            "floor_area_m2 IS NULL" => Number("floor_area_m2") is null,
            // SQL's three-valued logic: a null makes the comparison unknown, and NOT unknown is not true.
            "NOT (category = 'science_park' OR opened < 2005)" => Text("category") is { } c && c != "science_park" && Number("opened") >= 2005,
            _ => throw new ArgumentOutOfRangeException(nameof(filter)),
        };
    }
}

/// <summary>The service with a large expensive-read budget: every CQL2 filter takes a permit, and these tests send many.</summary>
public sealed class FilterTestsFactory : SpatialHubFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:ExpensiveReads:PermitsPerMinute", "100000");
    }
}
