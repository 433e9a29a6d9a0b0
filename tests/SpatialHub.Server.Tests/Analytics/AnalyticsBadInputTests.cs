using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace SpatialHub.Server.Tests.Analytics;

[Trait("Category", "Integration")]
public sealed class AnalyticsBadInputTests(AnalyticsFixture factory) : IClassFixture<AnalyticsFixture>
{
    [Theory]
    [InlineData("/api/analytics/zones?dataset=no-such&zones=districts", 404, "dataset")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&zones=no-such", 404, "zones")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&zones=districts@999999", 404, "zones")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk@1&zones=districts", 404, "dataset")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&zones=lampposts", 400, "zones")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&zones=districts@x", 400, "zones")]
    [InlineData("/api/analytics/zones?dataset=Wifi%20HK&zones=districts", 400, "dataset")]
    [InlineData("/api/analytics/zones?zones=districts", 400, "dataset")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&zones=districts&name=nope", 400, "name")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&zones=districts&fields=SSID", 400, "fields")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&zones=districts&f=xlsx", 400, "f")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&zones=districts&filter=x", 400, "filter")]
    [InlineData("/api/analytics/zones?dataset=wifi-hk&dataset=it-sites&zones=districts", 400, "dataset")]
    [InlineData("/api/analytics/proximity?from=it-sites&to=no-such", 404, "to")]
    [InlineData("/api/analytics/proximity?from=it-sites&to=smart-lampposts&radius=0", 400, "radius")]
    [InlineData("/api/analytics/proximity?from=it-sites&to=smart-lampposts&radius=-5", 400, "radius")]
    [InlineData("/api/analytics/proximity?from=it-sites&to=smart-lampposts&radius=50001", 400, "radius")]
    [InlineData("/api/analytics/proximity?from=it-sites&to=smart-lampposts&radius=NaN", 400, "radius")]
    [InlineData("/api/analytics/proximity?from=it-sites&to=smart-lampposts&radius=1e999", 400, "radius")]
    [InlineData("/api/analytics/grid?dataset=wifi-hk&cell=300", 400, "cell")]
    [InlineData("/api/analytics/grid?dataset=wifi-hk&cell=0", 400, "cell")]
    [InlineData("/api/analytics/grid?dataset=wifi-hk", 400, "cell")]
    [InlineData("/api/analytics/grid?dataset=wifi-hk@424242&cell=250", 404, "dataset")]
    [InlineData("/tiles/@grid/wifi-hk/300/12/3347/1786", 400, "cell")]
    [InlineData("/tiles/@grid/no-such/250/12/3347/1786", 404, "dataset")]
    public async Task Bad_input_is_a_problem_naming_the_parameter(string url, int status, string parameter)
    {
        var response = await factory.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
        problem.GetProperty("detail").GetString()!.ShouldContain(parameter);
    }

    [Fact]
    public async Task A_request_pinned_to_the_current_versions_is_answered_and_may_be_cached_for_good()
    {
        var catalog = await factory.GetJsonAsync("/api/analytics/zones?dataset=probes&zones=squares");
        var probes = catalog.GetProperty("dataset").GetProperty("version").GetInt64();
        var squares = catalog.GetProperty("zones").GetProperty("version").GetInt64();
        var pinned = await factory.CreateClient().GetAsync($"/api/analytics/zones?dataset=probes@{probes}&zones=squares@{squares}");
        pinned.StatusCode.ShouldBe(HttpStatusCode.OK);
        pinned.Headers.CacheControl!.ToString().ShouldContain("immutable");
        var unpinned = await factory.CreateClient().GetAsync("/api/analytics/zones?dataset=probes&zones=squares");
        unpinned.Headers.CacheControl!.NoCache.ShouldBeTrue();
    }

    [Fact]
    public async Task Analyses_take_from_the_clients_expensive_read_budget()
    {
        var client = factory.WithWebHostBuilder(b => b.UseSetting("SpatialHub:ExpensiveReads:PermitsPerMinute", "2")).CreateClient();
        (await client.GetAsync("/api/analytics/grid?dataset=probes&cell=100")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/analytics/zones?dataset=probes&zones=squares")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/analytics/zones?dataset=probes&zones=squares")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await client.GetAsync("/tiles/@grid/probes/100/16/53614/28588")).StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
    }
}
