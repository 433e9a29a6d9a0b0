using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Hosting;

/// <summary>/metrics through OpenTelemetry's Prometheus exporter: library meters in seconds, no connection details.</summary>
[Trait("Category", "Integration")]
public sealed class MetricsEndpointTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task Metrics_carry_aspnetcore_npgsql_and_spatialhub_meters_in_seconds_and_no_connection_details()
    {
        var client = factory.CreateClient();
        (await client.GetAsync("/tiles/wifi-hk/12/3347/1786")).IsSuccessStatusCode.ShouldBeTrue();
        (await client.GetAsync("/api/datasets")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await client.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        body.ShouldContain("# TYPE http_server_request_duration_seconds histogram");
        body.ShouldContain("http_route=\"/tiles/{layers}/{z}/{x}/{y}\"");
        body.ShouldContain("http_server_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/tiles/{layers}/{z}/{x}/{y}\",network_protocol_version=\"1.1\",url_scheme=\"http\",le=\"0.0005\"}",
            customMessage: "sub-millisecond buckets for cached tiles");
        body.ShouldContain("# TYPE spatialhub_tiles_render_duration_seconds histogram");
        body.ShouldContain("spatialhub_tiles_render_duration_seconds_bucket{le=\"0.01\"}");
        body.ShouldNotContain("spatialhub_tiles_request_duration", customMessage: "tile requests are http.server.request.duration's");
        body.ShouldContain("# TYPE db_client_operation_duration_seconds histogram", customMessage: body);
        body.ShouldContain("db_client_connection_count");

        var connection = new NpgsqlConnectionStringBuilder(factory.ConnectionString);
        body.ShouldNotContain("Host=", Case.Insensitive);
        body.ShouldNotContain("pool_name");
        body.ShouldNotContain(connection.Database!);
        body.ShouldNotContain($"=\"{connection.Username}\"");
        body.ShouldNotContain($"\"{connection.Port}\"");
        body.ShouldNotContain("server_address");
        body.ShouldNotContain("server_port");
    }
}

/// <summary>/metrics restricted to a network the client is not in answers 403 and shows nothing.</summary>
[Trait("Category", "Integration")]
public sealed class RestrictedMetricsTests(RestrictedMetricsTests.Factory factory) : IClassFixture<RestrictedMetricsTests.Factory>
{
    public sealed class Factory : LoopbackSpatialHubFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SpatialHub:Metrics:AllowedNetworks:0"] = "10.0.0.0/8",
                ["SpatialHub:ImportSamplesWhenEmpty"] = "false",
            }));
        }
    }

    [Fact]
    public async Task A_loopback_client_outside_the_allowed_networks_gets_403_and_no_metrics()
    {
        using var client = new HttpClient { BaseAddress = factory.BaseUri };
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await client.GetAsync("/metrics");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("http_server_request_duration");
    }
}

[Trait("Category", "Unit")]
public sealed class MetricsAccessTests
{
    [Theory]
    [InlineData(new string[0], "127.0.0.1", true)]
    [InlineData(new string[0], "::1", true)]
    [InlineData(new string[0], "::ffff:127.0.0.1", true)]
    [InlineData(new string[0], "192.0.2.10", false)]
    [InlineData(new[] { "10.0.0.0/8" }, "10.1.2.3", true)]
    [InlineData(new[] { "10.0.0.0/8" }, "127.0.0.1", false)]
    [InlineData(new[] { "192.0.2.7" }, "192.0.2.7", true)]
    [InlineData(new[] { "192.0.2.7" }, "192.0.2.8", false)]
    [InlineData(new[] { "*" }, "203.0.113.9", true)]
    public void Clients_are_allowed_by_network(string[] networks, string client, bool allowed) =>
        MetricsExport.IsAllowed(new MetricsOptions { AllowedNetworks = [.. networks] }, IPAddress.Parse(client)).ShouldBe(allowed);

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("*", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("intranet", false)]
    public void Networks_are_validated(string entry, bool valid) => MetricsOptions.IsValidNetwork(entry).ShouldBe(valid);
}
