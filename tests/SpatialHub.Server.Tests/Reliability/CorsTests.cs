using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>A service whose reads are open to one named origin only.</summary>
public sealed class OneOriginFactory : SpatialHubFactory
{
    public const string Origin = "https://maps.example.gov.hk";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:Cors:AllowedOrigins:0", Origin);
    }
}

/// <summary>Maps are embedded on other sites: reads are open to every origin (or the configured ones), writes to none.</summary>
[Trait("Category", "Integration")]
public sealed class CorsTests(SpatialHubFactory open, OneOriginFactory restricted)
    : IClassFixture<SpatialHubFactory>, IClassFixture<OneOriginFactory>
{
    private const string Elsewhere = "https://elsewhere.example.com";

    [Theory]
    [InlineData("/api/datasets")]
    [InlineData("/tiles/wifi-hk/10/836/446")]
    [InlineData("/collections/wifi-hk/items?limit=1")]
    public async Task By_default_reads_are_open_to_any_origin(string url)
    {
        var response = await SendAsync(open.CreateClient(), HttpMethod.Get, url, Elsewhere);

        response.IsSuccessStatusCode.ShouldBeTrue();
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
    }

    [Fact]
    public async Task A_read_preflight_is_allowed_for_get_only()
    {
        var preflight = await PreflightAsync(open.CreateClient(), "/api/datasets", "GET", Elsewhere);

        preflight.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
        string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Methods")).ShouldNotContain("PUT");
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Writes_and_their_preflights_never_get_cors_headers(string method)
    {
        var preflight = await PreflightAsync(open.CreateClient(), "/api/datasets/cors-write", method, Elsewhere);
        preflight.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
        preflight.Headers.Contains("Access-Control-Allow-Methods").ShouldBeFalse();

        var url = $"/api/datasets/cors-{method.ToLowerInvariant()}";
        (await open.CreateWriter().PutAsync(url, Csv())).IsSuccessStatusCode.ShouldBeTrue();
        var write = new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "PUT" ? Csv() : null };
        write.Headers.Add("Origin", Elsewhere);
        var response = await open.CreateWriter().SendAsync(write);
        response.IsSuccessStatusCode.ShouldBeTrue($"the write itself works ({response.StatusCode})");
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task Configured_origins_replace_the_open_policy()
    {
        var allowed = await SendAsync(restricted.CreateClient(), HttpMethod.Get, "/api/datasets", OneOriginFactory.Origin);
        allowed.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe([OneOriginFactory.Origin]);

        var other = await SendAsync(restricted.CreateClient(), HttpMethod.Get, "/api/datasets", Elsewhere);
        other.StatusCode.ShouldBe(HttpStatusCode.OK, "CORS only tells browsers; the server still answers");
        other.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Theory]
    [InlineData("maps.example.org")]
    [InlineData("https://maps.example.org/")]
    [InlineData("https://maps.example.org/path")]
    [InlineData("ftp://maps.example.org")]
    public async Task An_allowed_origin_that_is_not_an_origin_stops_the_start(string origin)
    {
        var error = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var app = SpatialHub.Server.Hosting.SpatialHubApp.Build(["--urls=http://127.0.0.1:0", $"--SpatialHub:Cors:AllowedOrigins:0={origin}"]);
            await app.StartAsync();
        });
        error.Message.ShouldContain("SpatialHub:Cors:AllowedOrigins");
    }

    [Theory]
    [InlineData("/api/datasets")]
    [InlineData("/api/datasets/no-such-dataset")]
    [InlineData("/tiles/wifi-hk/10/836/446")]
    [InlineData("/collections/wifi-hk/items?limit=1")]
    [InlineData("/health")]
    public async Task Api_responses_and_problems_are_nosniff(string url)
    {
        var response = await open.CreateClient().GetAsync(url);

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    private static StringContent Csv() => new("name,Latitude,Longitude\nCentral,22.2819,114.1582\n", Encoding.UTF8, "text/csv");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string origin)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string url, string method, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "x-api-key, content-type");
        return await client.SendAsync(request);
    }
}
