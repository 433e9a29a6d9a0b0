using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using SpatialHub.PostGis.Search;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Search;

[Trait("Category", "Integration")]
public sealed class SearchApiTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    private async Task<List<JsonElement>> SearchAsync(string query)
    {
        var response = await factory.CreateClient().GetFromJsonAsync<JsonElement>(query);
        return response.GetProperty("results").EnumerateArray().ToList();
    }

    [Fact]
    public async Task Searching_science_park_ranks_hong_kong_science_park_first()
    {
        var results = await SearchAsync("/api/search?q=Science%20Park");
        results.Count.ShouldBe(10);
        var first = results[0];
        first.GetProperty("dataset").GetString().ShouldBe("it-sites");
        first.GetProperty("name").GetString().ShouldBe("Hong Kong Science Park");
        first.GetProperty("field").GetString().ShouldBe("name_en");
        first.GetProperty("lon").GetDouble().ShouldBe(114.21, 0.01);
        first.GetProperty("lat").GetDouble().ShouldBe(22.42, 0.01);
        var bbox = first.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        bbox.Length.ShouldBe(4);
        bbox[0].ShouldBe(first.GetProperty("lon").GetDouble(), 1e-9);
        var scores = results.Select(r => r.GetProperty("score").GetInt32()).ToList();
        scores.ShouldBe(scores.OrderByDescending(s => s).ToList());
        results.ShouldAllBe(r => r.GetProperty("name").GetString()!.Contains("science park", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_first_result_opens_as_an_ogc_feature()
    {
        var first = (await SearchAsync("/api/search?q=Science%20Park&limit=1")).Single();
        var feature = await factory.CreateClient().GetFromJsonAsync<JsonElement>(
            $"/collections/{first.GetProperty("dataset").GetString()}/items/{first.GetProperty("featureId").GetInt64()}");
        feature.GetProperty("properties").GetProperty("site_id").GetString().ShouldBe("HKSP");
    }

    [Theory]
    [InlineData("Sha Tin")]
    [InlineData("sha tin")]
    [InlineData("SHA TIN")]
    public async Task A_district_name_finds_the_district_first_whatever_the_case(string name)
    {
        var first = (await SearchAsync($"/api/search?q={Uri.EscapeDataString(name)}"))[0];
        first.GetProperty("dataset").GetString().ShouldBe("districts");
        first.GetProperty("name").GetString().ShouldBe("Sha Tin");
        first.GetProperty("field").GetString().ShouldBe("DC_ENG");
        first.GetProperty("lon").GetDouble().ShouldBeInRange(114.15, 114.30);
        first.GetProperty("lat").GetDouble().ShouldBeInRange(22.33, 22.45);
    }

    [Fact]
    public async Task An_exact_match_outranks_a_prefix_which_outranks_a_word_prefix_and_a_substring()
    {
        var results = await SearchAsync("/api/search?q=InnoCell&limit=50");
        results[0].GetProperty("name").GetString().ShouldBe("InnoCell");
        results[0].GetProperty("score").GetInt32().ShouldBe(8);
        var prefix = await SearchAsync("/api/search?q=Hong%20Kong%20Sci&limit=50");
        prefix[0].GetProperty("name").GetString().ShouldBe("Hong Kong Science Park");
        prefix[0].GetProperty("score").GetInt32().ShouldBe(7);
    }

    [Fact]
    public async Task Identifiers_are_searched_too()
    {
        var lamppost = (await SearchAsync("/api/search?q=AB4818"))[0];
        lamppost.GetProperty("dataset").GetString().ShouldBe("smart-lampposts");
        lamppost.GetProperty("field").GetString().ShouldBe("LP_NUMBER");
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("Sha_Tin")]
    [InlineData("Sha%Tin")]
    [InlineData("\\")]
    [InlineData("(.*)")]
    [InlineData("' OR 1=1 --")]
    public async Task Like_wildcards_and_regex_characters_match_only_themselves(string query)
    {
        var results = await SearchAsync($"/api/search?q={Uri.EscapeDataString(query)}&limit=50");
        // Fuzzy results (near misses, flagged) are typo tolerance, not wildcards: every literal one contains the text.
        results.Where(r => !r.GetProperty("fuzzy").GetBoolean())
            .ShouldAllBe(r => r.GetProperty("name").GetString()!.Contains(query, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Limit_defaults_to_ten_and_is_capped_at_fifty()
    {
        (await SearchAsync("/api/search?q=a")).Count.ShouldBe(10);
        (await SearchAsync("/api/search?q=a&limit=500")).Count.ShouldBe(50);
    }

    [Theory]
    [InlineData("/api/search")]
    [InlineData("/api/search?q=")]
    [InlineData("/api/search?q=%20%20")]
    [InlineData("/api/search?q=a&limit=0")]
    [InlineData("/api/search?q=a&limit=-3")]
    [InlineData("/api/search?q=a&limit=ten")]
    [InlineData("/api/search?q=a&limit=99999999999999")]
    [InlineData("/api/search?q=a%00b")]
    public async Task Bad_search_parameters_are_400_problems(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_query_over_100_characters_is_a_400_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/search?q=" + new string('a', 101));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("name_en", FieldWeight.Name)]
    [InlineData("LocationNameEN", FieldWeight.Name)]
    [InlineData("DC_ENG", FieldWeight.Name)]
    [InlineData("DC_CHIN", FieldWeight.Name)]
    [InlineData("LP_NUMBER", FieldWeight.Name)]
    [InlineData("Lamp Post Number", FieldWeight.Name)]
    [InlineData("site_id", FieldWeight.Name)]
    [InlineData("AddressEN", FieldWeight.Address)]
    [InlineData("Location", FieldWeight.Address)]
    [InlineData("district", null)]
    [InlineData("District", null)]
    [InlineData("NumberOfHotspots", null)]
    [InlineData("DC_CODE", null)]
    [InlineData("VenueTypeEN", null)]
    [InlineData("Data_url", null)]
    public void Searchable_fields_are_chosen_by_their_name(string field, FieldWeight? expected) =>
        SearchableFields.Classify(field).ShouldBe(expected);
}
