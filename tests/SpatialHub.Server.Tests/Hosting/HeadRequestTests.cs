using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Hosting;

/// <summary>
/// HEAD on every GET route of the route table (read from the application's <see cref="EndpointDataSource"/>, so a new
/// route is covered without touching this test), over a real socket to Kestrel: the same status and headers as GET,
/// and no body.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HeadRequestTests(LoopbackSpatialHubFactory factory) : IClassFixture<LoopbackSpatialHubFactory>
{
    /// <summary>Headers a GET and its HEAD must share. Content-Length only where the GET's body is stable between two
    /// requests (metrics and health bodies carry counters and timings).</summary>
    private static readonly string[] ComparedHeaders =
        ["Content-Type", "ETag", "Cache-Control", "Vary", "Content-Encoding", "Access-Control-Allow-Origin", "X-Content-Type-Options", "Location"];

    private static readonly Dictionary<string, string> RequestHeaders = new()
    {
        ["Accept-Encoding"] = "gzip",
        ["Origin"] = "https://maps.example.org",
    };

    [Fact]
    public async Task Every_GET_route_answers_HEAD_with_the_GET_status_and_headers_and_no_body()
    {
        var targets = GetRouteTargets().ToList();
        targets.ShouldContain("/tiles/wifi-hk/10/836/446");
        targets.ShouldContain("/collections/wifi-hk/items");

        var mismatches = new List<string>();
        foreach (var target in targets)
        {
            var get = await RawHttp.SendAsync(factory.BaseUri, HttpMethods.Get, target, RequestHeaders);
            var head = await RawHttp.SendAsync(factory.BaseUri, HttpMethods.Head, target, RequestHeaders);
            if (head.Status != get.Status)
            {
                mismatches.Add($"{target}: HEAD {head.Status}, GET {get.Status}");
                continue;
            }
            if (head.Body.Length != 0)
            {
                mismatches.Add($"{target}: HEAD sent a body of {head.Body.Length} characters");
            }
            foreach (var name in ComparedHeaders.Append(StableLength(target) ? "Content-Length" : null).OfType<string>())
            {
                if (head.Header(name) != get.Header(name))
                {
                    mismatches.Add($"{target}: {name} is '{head.Header(name)}' on HEAD, '{get.Header(name)}' on GET");
                }
            }
        }
        mismatches.ShouldBeEmpty();
    }

    [Fact]
    public async Task HEAD_of_a_tile_gives_its_length_and_ETag_without_sending_it()
    {
        const string tile = "/tiles/wifi-hk/14/13388/7147";
        var get = await RawHttp.SendAsync(factory.BaseUri, HttpMethods.Get, tile);
        var head = await RawHttp.SendAsync(factory.BaseUri, HttpMethods.Head, tile);

        get.Status.ShouldBe(200);
        head.Status.ShouldBe(200);
        head.Header("Content-Type").ShouldBe("application/vnd.mapbox-vector-tile");
        head.Header("ETag").ShouldNotBeNull().ShouldBe(get.Header("ETag"));
        head.Header("Content-Length").ShouldBe(get.Header("Content-Length"));
        head.Body.ShouldBeEmpty();
    }

    [Fact]
    public async Task Routes_without_GET_still_refuse_HEAD()
    {
        var response = await RawHttp.SendAsync(factory.BaseUri, HttpMethods.Head, "/api/transform/none-such");
        response.Status.ShouldBeOneOf(404, 405);
    }

    private static bool StableLength(string target) => target is not ("/metrics" or "/health");

    private IEnumerable<string> GetRouteTargets() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Get) == true)
            .Select(e => Fill(e.RoutePattern.RawText!))
            .Distinct();

    /// <summary>A value per route parameter that names something that exists in the samples.</summary>
    private static string Fill(string template) =>
        Regex.Replace(template, @"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}", match => match.Groups[1].Value switch
        {
            "z" => "10",
            "x" => "836",
            "y" => "446",
            "featureId" or "fid" => "1",
            "documentName" => "v1",
            _ => "wifi-hk",
        });
}
