using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>A service whose transform limits are small enough to pass in a test.</summary>
public sealed class SmallTransformFactory : LoopbackSpatialHubFactory
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxPoints = 1_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:Transform:MaxBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("SpatialHub:Transform:MaxPoints", MaxPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>Anonymous input that used to cost memory or answer 500: POST /api/transform bodies, lone surrogates,
/// duplicate keys, ids with control characters.</summary>
[Trait("Category", "Integration")]
public sealed class AnonymousInputTests(SmallTransformFactory factory) : IClassFixture<SmallTransformFactory>
{
    private const string Transform = "/api/transform?from=EPSG:2326&to=EPSG:4326";

    [Fact]
    public async Task A_transform_body_over_the_limit_is_413_whether_or_not_it_declares_its_length()
    {
        var body = "[" + string.Join(",", Enumerable.Repeat("[836694.05,819069.80,1234567890.123456789]", SmallTransformFactory.MaxBodyBytes / 40)) + "]";
        Encoding.UTF8.GetByteCount(body).ShouldBeGreaterThan(SmallTransformFactory.MaxBodyBytes);

        var declared = await factory.CreateClient().PostAsync(Transform, Json(body));
        declared.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        declared.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, Transform) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        (await factory.CreateClient().SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Reading_stops_at_the_point_cap_without_waiting_for_the_rest_of_the_body()
    {
        // A real socket (the in-memory test server takes whole bodies): small points, so that the cap comes long before
        // the body limit, written until the answer arrives.
        const long total = 100L * 1024 * 1024;
        using var client = new System.Net.Sockets.TcpClient { NoDelay = true };
        await client.ConnectAsync(factory.BaseUri.Host, factory.BaseUri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST {Transform} HTTP/1.1\r\nHost: {factory.BaseUri.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "1\r\n[\r\n"));
        var answer = new StreamReader(stream, Encoding.ASCII).ReadLineAsync();
        var chunk = Encoding.ASCII.GetBytes($"{6 * 1_000:X}\r\n" + string.Concat(Enumerable.Repeat("[1,2],", 1_000)) + "\r\n");
        long sent = 0;
        using var answered = new CancellationTokenSource();
        _ = answer.ContinueWith(_ => answered.Cancel(), TaskScheduler.Default);
        try
        {
            while (sent < total && !answer.IsCompleted)
            {
                await stream.WriteAsync(chunk, answered.Token);
                sent += chunk.Length;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The server answered (or closed the connection) while a chunk was on its way.
        }

        (await answer.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe("HTTP/1.1 413 Payload Too Large");
        sent.ShouldBeLessThan(total / 10);
    }

    [Fact]
    public async Task Exactly_the_cap_is_accepted_and_one_more_is_413()
    {
        string Pairs(int count) => "[" + string.Join(",", Enumerable.Repeat("[836694,819069]", count)) + "]";

        var response = await factory.CreateClient().PostAsync(Transform, Json(Pairs(SmallTransformFactory.MaxPoints)));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<double[][]>())!.Length.ShouldBe(SmallTransformFactory.MaxPoints);

        var beyond = await factory.CreateClient().PostAsync(Transform, Json(Pairs(SmallTransformFactory.MaxPoints + 1)));
        beyond.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await beyond.Content.ReadAsStringAsync()).ShouldContain($"At most {SmallTransformFactory.MaxPoints:N0} points");
    }

    [Theory]
    [InlineData("""{"type":"Point","type":"LineString","coordinates":[836694,819069]}""", "type")]
    [InlineData("""{"type":"Feature","geometry":null,"properties":{"a":1,"a":2}}""", "'a'")]
    [InlineData("""{"type":"Feature","geometry":null,"properties":{"name":"\ud800"}}""", "surrogate")]
    [InlineData("""{"type":"Feature","geometry":null,"properties":{"\udc00x":1}}""", "surrogate")]
    [InlineData("""[[836694,819069,"\ud800"]]""", "surrogate")]
    public async Task Duplicate_keys_and_lone_surrogates_in_a_transform_are_400(string body, string mentioned)
    {
        var response = await factory.CreateClient().PostAsync(Transform, Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(mentioned);
    }

    [Fact]
    public async Task A_lone_surrogate_in_an_uploaded_geojson_is_a_422_naming_line_and_field()
    {
        const string geoJson = "{\"type\":\"FeatureCollection\",\"features\":[\n"
            + "{\"type\":\"Feature\",\"properties\":{\"name\":\"ok\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,22.3]}},\n"
            + "{\"type\":\"Feature\",\"properties\":{\"name\":\"\\ud800\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,22.3]}}]}";

        var response = await factory.CreateWriter().PutAsync("/api/datasets/sec-surrogate", new StringContent(geoJson, Encoding.UTF8, "application/geo+json"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var issue = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("issues")[0];
        issue.GetProperty("line").GetInt64().ShouldBe(2); // a feature in a collection is numbered by its index
        issue.GetProperty("field").GetString().ShouldBe("name");
        issue.GetProperty("reason").GetString()!.ShouldContain("surrogate");
        (await factory.CreateClient().GetAsync("/api/datasets/sec-surrogate")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/datasets/sec-nl%0A", "PUT")]
    [InlineData("/api/datasets/it-sites%0A", "GET")]
    [InlineData("/collections/it-sites%0A", "GET")]
    [InlineData("/collections/it-sites%0A/items", "GET")]
    [InlineData("/tiles/it-sites%0A", "GET")]
    public async Task An_id_with_a_trailing_newline_is_400(string url, string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method == "PUT" ? new StringContent("name,Latitude,Longitude\nA,22.3,114.1\n", Encoding.UTF8, "text/csv") : null,
        };
        request.Headers.Add("X-Api-Key", SpatialHubFactory.ApiKey);

        var response = await factory.CreateClient().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
