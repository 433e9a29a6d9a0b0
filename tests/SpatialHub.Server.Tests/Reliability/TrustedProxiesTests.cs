using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>X-Forwarded-* counts only from trusted proxies (loopback by default): otherwise any client could choose
/// the address the write rate limit counts, or the host that links name.</summary>
public sealed class TrustedProxiesTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Theory]
    [InlineData("127.0.0.1", "maps.example.org")]
    [InlineData("203.0.113.7", "localhost")]
    public async Task Forwarded_headers_are_believed_only_from_a_trusted_proxy(string sender, string expectedHost)
    {
        var context = await factory.Server.SendAsync(request =>
        {
            request.Connection.RemoteIpAddress = IPAddress.Parse(sender);
            request.Request.Method = HttpMethods.Get;
            request.Request.Path = "/tiles/it-sites";
            request.Request.Headers["X-Forwarded-Host"] = "maps.example.org";
            request.Request.Headers["X-Forwarded-Proto"] = "https";
        });

        context.Response.StatusCode.ShouldBe(StatusCodes.Status200OK);
        using var tileJson = await JsonDocument.ParseAsync(context.Response.Body);
        new Uri(tileJson.RootElement.GetProperty("tiles")[0].GetString()!).Host.ShouldBe(expectedHost);
    }
}
