using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>OGC API – Features Part 1 <c>datetime</c>: the datasets have no temporal property, so any valid value is
/// accepted and selects every feature; an invalid one is a 400 naming the parameter.</summary>
[Trait("Category", "Integration")]
public sealed class FeaturesDateTimeTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Theory]
    [InlineData("2018-02-12T23:20:50Z")]
    [InlineData("2018-02-12T23:20:50.52+08:00")]
    [InlineData("2018-02-12")]
    [InlineData("2018-02-12T00:00:00Z/2018-03-18T12:31:12Z")]
    [InlineData("2018-02-12T00:00:00Z/..")]
    [InlineData("../2018-03-18T12:31:12Z")]
    [InlineData("2018-02-12/")]
    [InlineData("/2018-03-18")]
    public async Task A_valid_datetime_is_accepted_and_keeps_every_feature(string datetime)
    {
        var page = await factory.CreateClient().GetJsonAsync($"/collections/it-sites/items?datetime={Uri.EscapeDataString(datetime)}");
        page.GetProperty("numberMatched").GetInt64().ShouldBe(27);
        page.GetProperty("numberReturned").GetInt32().ShouldBe(27);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2018-02-12T23:20:50")]
    [InlineData("2018-13-01")]
    [InlineData("2018-02-30")]
    [InlineData("../..")]
    [InlineData("/")]
    [InlineData("2018-03-18/2018-02-12")]
    [InlineData("2018-02-12/2018-03-18/2018-04-01")]
    [InlineData("2018-02-12T23:20:50Z' OR 1=1--")]
    public async Task An_invalid_datetime_is_a_400_problem_naming_datetime(string datetime)
    {
        var response = await factory.CreateClient().GetAsync($"/collections/it-sites/items?datetime={Uri.EscapeDataString(datetime)}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, datetime);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().ShouldBe("Invalid datetime");
        problem.GetProperty("detail").GetString()!.ShouldContain("datetime");
    }
}
