using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>A service that names its public address: links never come from the request.</summary>
public sealed class PublicBaseUrlFactory : SpatialHubFactory
{
    public const string PublicBaseUrl = "https://maps.example.gov.hk/hub";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:PublicBaseUrl", PublicBaseUrl);
    }
}

/// <summary>A service behind a proxy on loopback that serves one public host name.</summary>
public sealed class BehindProxyFactory : SpatialHubFactory
{
    public const string PublicHost = "maps.example.org";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:TrustedProxies:0", "127.0.0.1");
        builder.UseSetting("SpatialHub:AllowedHosts:0", PublicHost);
        builder.UseSetting("SpatialHub:WritesPerMinute", "3");
    }
}

/// <summary>Absolute links (catalog, collections, items, TileJSON) are built from SpatialHub:PublicBaseUrl or an allowed
/// host, never from whatever Host header a client sends: these responses are cacheable (Cache-Control: public), so a
/// shared cache would otherwise keep and serve links to the attacker's host.</summary>
[Trait("Category", "Integration")]
public sealed class PublicUrlsTests(SpatialHubFactory open, PublicBaseUrlFactory named, BehindProxyFactory proxied)
    : IClassFixture<SpatialHubFactory>, IClassFixture<PublicBaseUrlFactory>, IClassFixture<BehindProxyFactory>
{
    private const string Evil = "evil.example";

    /// <summary>Every route whose answer carries absolute links.</summary>
    public static TheoryData<string> LinkingRoutes() =>
    [
        "/catalog", "/api/datasets", "/api/datasets/it-sites", "/?f=json", "/collections", "/collections/it-sites",
        "/collections/it-sites/items?limit=2", "/collections/it-sites/items/1", "/tiles/it-sites", "/tiles/it-sites,districts",
    ];

    [Theory]
    [MemberData(nameof(LinkingRoutes))]
    public async Task An_unknown_host_gets_400_and_never_appears_in_the_answer(string url)
    {
        var response = await SendAsync(open.Server, url, Evil);

        response.StatusCode.ShouldBe(StatusCodes.Status400BadRequest);
        response.Body.ShouldNotContain(Evil);
        response.Headers.ShouldNotContain(Evil);
        response.Headers.ShouldNotContain("public");
    }

    [Theory]
    [MemberData(nameof(LinkingRoutes))]
    public async Task The_loopback_names_are_allowed_by_default(string url)
    {
        foreach (var host in new[] { "localhost", "127.0.0.1:5000", "[::1]:8080" })
        {
            var response = await SendAsync(open.Server, url, host);

            response.StatusCode.ShouldBe(StatusCodes.Status200OK, $"{url} with Host: {host}");
            response.Body.ShouldContain($"http://{host}/");
        }
    }

    [Theory]
    [MemberData(nameof(LinkingRoutes))]
    public async Task A_public_base_url_names_every_link_whatever_the_host(string url)
    {
        var response = await SendAsync(named.Server, url, Evil);

        response.StatusCode.ShouldBe(StatusCodes.Status200OK);
        response.Body.ShouldContain(PublicBaseUrlFactory.PublicBaseUrl + "/");
        response.Body.ShouldNotContain(Evil);
        response.Body.ShouldNotContain("localhost");
    }

    [Theory]
    [MemberData(nameof(LinkingRoutes))]
    public async Task A_trusted_proxy_may_name_an_allowed_host_but_not_another(string url)
    {
        var allowed = await SendAsync(proxied.Server, url, "127.0.0.1", "127.0.0.1", BehindProxyFactory.PublicHost);
        allowed.StatusCode.ShouldBe(StatusCodes.Status200OK);
        allowed.Body.ShouldContain($"https://{BehindProxyFactory.PublicHost}/");
        allowed.Body.ShouldNotContain("http://127.0.0.1");

        var forged = await SendAsync(proxied.Server, url, "127.0.0.1", "127.0.0.1", Evil);
        forged.StatusCode.ShouldBe(StatusCodes.Status400BadRequest);
        forged.Body.ShouldNotContain(Evil);
    }

    [Fact]
    public async Task Tilejson_tiles_behind_a_proxy_name_the_public_host_and_carry_the_version()
    {
        var response = await SendAsync(proxied.Server, "/tiles/lampposts?within=districts:3", "127.0.0.1", "127.0.0.1", BehindProxyFactory.PublicHost);

        var tiles = System.Text.Json.JsonDocument.Parse(response.Body).RootElement.GetProperty("tiles")[0].GetString()!;
        tiles.ShouldMatch(@"^https://maps\.example\.org/tiles/lampposts/\{z\}/\{x\}/\{y\}\.pbf\?v=[0-9a-f]{12}&within=districts%3A3$");
    }

    [Fact]
    public async Task By_default_no_proxy_is_trusted_not_even_loopback()
    {
        var response = await SendAsync(open.Server, "/tiles/it-sites", "localhost", "127.0.0.1", "maps.example.org");

        response.StatusCode.ShouldBe(StatusCodes.Status200OK);
        response.Body.ShouldContain("\"http://localhost/tiles/it-sites/");
        response.Body.ShouldNotContain("maps.example.org");
    }

    [Fact]
    public async Task Forwarded_addresses_from_an_untrusted_sender_do_not_buy_a_fresh_write_budget()
    {
        // The proxy factory trusts 127.0.0.1 only: a client elsewhere rotating X-Forwarded-For stays one client.
        var statuses = new List<int>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var context = await proxied.Server.SendAsync(request =>
            {
                request.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
                request.Request.Method = HttpMethods.Delete;
                request.Request.Path = "/api/datasets/no-such-dataset";
                request.Request.Headers["X-Api-Key"] = "guess";
                request.Request.Headers["X-Forwarded-For"] = $"198.51.100.{attempt}";
            });
            statuses.Add(context.Response.StatusCode);
        }

        statuses.ShouldBe([401, 401, 401, 429, 429]);
    }

    private sealed record Answer(int StatusCode, string Headers, string Body);

    private static async Task<Answer> SendAsync(TestServer server, string url, string host, string? sender = null, string? forwardedHost = null)
    {
        var context = await server.SendAsync(request =>
        {
            var target = new Uri("http://placeholder" + url);
            request.Request.Method = HttpMethods.Get;
            request.Request.Path = target.AbsolutePath;
            request.Request.QueryString = new QueryString(target.Query);
            request.Request.Host = new HostString(host);
            request.Request.Headers.Accept = "application/json";
            if (sender is not null)
            {
                request.Connection.RemoteIpAddress = IPAddress.Parse(sender);
            }
            if (forwardedHost is not null)
            {
                request.Request.Headers["X-Forwarded-Host"] = forwardedHost;
                request.Request.Headers["X-Forwarded-Proto"] = "https";
            }
        });
        var headers = string.Join("\n", context.Response.Headers.Select(h => $"{h.Key}: {h.Value}"));
        return new Answer(context.Response.StatusCode, headers, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }
}
