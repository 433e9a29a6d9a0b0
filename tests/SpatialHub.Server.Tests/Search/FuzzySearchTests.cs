using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Search;

/// <summary>Issue 17 item 10: search forgives missing spaces and typos (pg_trgm), after every literal match, and
/// finds districts by their Chinese names.</summary>
[Trait("Category", "Integration")]
public sealed class FuzzySearchTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    private async Task<List<JsonElement>> SearchAsync(string q)
    {
        var response = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/search?q={Uri.EscapeDataString(q)}&limit=10");
        return response.GetProperty("results").EnumerateArray().ToList();
    }

    [Theory]
    [InlineData("sciencepark")]
    [InlineData("Sceince Park")]
    [InlineData("hong kong scince park")]
    public async Task Missing_spaces_and_typos_still_find_Hong_Kong_Science_Park_first(string q)
    {
        var results = await SearchAsync(q);

        results.ShouldNotBeEmpty();
        results[0].GetProperty("name").GetString().ShouldBe("Hong Kong Science Park");
    }

    [Fact]
    public async Task A_literal_match_ranks_above_any_fuzzy_one()
    {
        var results = await SearchAsync("Science Park");

        var literal = results.Select(r => r.GetProperty("name").GetString()!.Contains("science park", StringComparison.OrdinalIgnoreCase)).ToList();
        literal[0].ShouldBeTrue();
        literal.SkipWhile(l => l).ShouldAllBe(l => !l, "no literal match after a fuzzy one");
    }

    [Theory]
    [InlineData("大埔", "Tai Po")]
    [InlineData("灣仔", "Wan Chai")]
    public async Task A_districts_Chinese_name_finds_the_district(string q, string english)
    {
        var results = await SearchAsync(q);

        var district = results.First(r => r.GetProperty("dataset").GetString() == "districts");
        district.GetProperty("field").GetString().ShouldBe("DC_CHIN");
        var feature = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/collections/districts/items/{district.GetProperty("featureId").GetInt64()}");
        feature.GetProperty("properties").GetProperty("DC_ENG").GetString().ShouldBe(english);
    }
}
