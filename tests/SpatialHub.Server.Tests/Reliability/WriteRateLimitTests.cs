using System.Net;
using Microsoft.AspNetCore.Hosting;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Reliability;

public sealed class ThreeWritesAMinuteFactory : SpatialHubFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:WritesPerMinute", "3");
    }
}

[Trait("Category", "Integration")]
public sealed class WriteRateLimitTests(ThreeWritesAMinuteFactory factory) : IClassFixture<ThreeWritesAMinuteFactory>
{
    [Fact]
    public async Task Writes_beyond_the_limit_get_429_with_retry_after_while_reads_go_on()
    {
        var guesser = factory.CreateClient();
        guesser.DefaultRequestHeaders.Add("X-Api-Key", "guess");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (await guesser.DeleteAsync("/api/datasets/it-sites")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var throttled = await factory.CreateWriter().DeleteAsync("/api/datasets/it-sites");

        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        throttled.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await factory.CreateClient().GetAsync("/api/datasets/it-sites")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
