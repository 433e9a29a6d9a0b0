using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Shouldly;
using SpatialHub.PostGis.Embedded;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>The database goes away under a running service and comes back: 503 at once, never 500, and recovery
/// without a restart. Uses a cluster of its own, since stopping the shared one would break the other tests.</summary>
[Trait("Category", "Integration")]
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly EmbeddedClusterOptions _options = new()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), $"spatialhub-tests-outage-{Guid.NewGuid():N}"),
        // The outage is a crash (immediate stop): only a durable cluster keeps its last commits through one.
        Durable = true,
        // This test plays the operator who brings the database back; SupervisionTests cover restarting by itself.
        Supervise = false,
    };
    private const string CachedTile = "/tiles/wifi-hk/10/836/446";
    private const string UncachedTile = "/tiles/wifi-hk/12/3347/1787";
    private EmbeddedCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EmbeddedCluster.StartAsync(_options);

    public Task DisposeAsync() => EmbeddedCluster.DestroyAsync(_options);

    [Fact]
    public async Task An_outage_is_answered_503_with_retry_after_and_the_service_recovers_by_itself()
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:SpatialHub"] = _cluster.ConnectionString,
                ["SpatialHub:SampleDirectory"] = Infrastructure.RepositoryPaths.DataSamples,
            })));
        var client = factory.CreateClient();
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/datasets")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var cachedTile = await client.GetAsync(CachedTile);
        cachedTile.StatusCode.ShouldBe(HttpStatusCode.OK);

        await _cluster.StopServerAsync();

        var clock = Stopwatch.StartNew();
        var health = await client.GetAsync("/health");
        health.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3), "health must answer at once, not after a connection timeout");
        var datasets = await client.GetAsync("/api/datasets");
        datasets.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        datasets.Headers.RetryAfter.ShouldNotBeNull();
        datasets.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var fromCache = await client.GetAsync(CachedTile);
        fromCache.StatusCode.ShouldBe(HttpStatusCode.OK, "a tile in the cache is still served while the database is away");
        fromCache.Headers.ETag.ShouldBe(cachedTile.Headers.ETag);
        var uncached = await client.GetAsync(UncachedTile);
        uncached.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        uncached.Headers.RetryAfter.ShouldNotBeNull();

        await using var restarted = await EmbeddedCluster.StartAsync(_options);
        restarted.ConnectionString.ShouldBe(_cluster.ConnectionString, "the cluster comes back on the same port");

        await EventuallyAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK);
        await EventuallyAsync(async () => (await client.GetAsync("/api/datasets")).StatusCode == HttpStatusCode.OK);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "the service should recover by itself");
            await Task.Delay(200);
        }
    }
}
