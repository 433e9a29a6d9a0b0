using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

[Collection(TilesCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TileHttpTests(SpatialHubFactory factory)
{
    private static readonly string Central = WebMercator.TileContaining(114.158, 22.282, 14).ToString();

    [Fact]
    public async Task A_tile_is_a_mapbox_vector_tile_with_a_strong_etag_that_answers_304_when_it_matches()
    {
        var client = factory.CreateClient();
        var first = await client.GetAsync($"/tiles/lampposts/{Central}.mvt");
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.mapbox-vector-tile");
        var etag = first.Headers.ETag!;
        etag.IsWeak.ShouldBeFalse();
        first.Headers.Vary.ShouldContain("Accept-Encoding");

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/tiles/lampposts/{Central}.pbf");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        notModified.Headers.ETag.ShouldBe(etag);
        (await notModified.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();

        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/tiles/lampposts/{Central}");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        (await client.SendAsync(stale)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    public async Task Gzip_and_brotli_are_negotiated_and_decompress_to_the_same_tile(string acceptEncoding, string expected)
    {
        var client = factory.CreateClient();
        var plain = await client.GetByteArrayAsync($"/tiles/wifi-hk/{Central}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tiles/wifi-hk/{Central}");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await client.SendAsync(request);
        response.Content.Headers.ContentEncoding.ShouldBe([expected]);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        compressed.Length.ShouldBeLessThan(plain.Length);
        using var input = new MemoryStream(compressed);
        using Stream decompressor = expected == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        await decompressor.CopyToAsync(output);
        output.ToArray().ShouldBe(plain);
        response.Headers.ETag!.Tag.ShouldContain(expected == "gzip" ? "-gzip" : "-br");
    }

    [Fact]
    public async Task Tiles_carry_the_open_cors_header_for_other_sites()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/tiles/lampposts/{Central}");
        request.Headers.Add("Origin", "https://maps.example.org");
        var response = await factory.CreateClient().SendAsync(request);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
    }

    [Fact]
    public async Task A_tile_without_features_is_204_no_content()
    {
        var response = await factory.CreateClient().GetAsync("/tiles/wifi-hk,districts/10/0/0");
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("/tiles/wifi-hk/23/0/0", "Invalid tile")]
    [InlineData("/tiles/wifi-hk/3/8/0", "Invalid tile")]
    [InlineData("/tiles/wifi-hk/3/0/-1", "Invalid tile")]
    [InlineData("/tiles/wifi-hk/a/0/0", "Invalid tile")]
    [InlineData("/tiles/wifi-hk/3/0/0.jpg", "Invalid tile")]
    [InlineData("/tiles/a,b,c,d,e,f,g,h,i,j,k/3/0/0", "Too many layers")]
    [InlineData("/tiles/wifi-hk,wifi-hk/3/0/0", "Invalid layer list")]
    [InlineData("/tiles/Wifi!/3/0/0", "Invalid dataset id")]
    [InlineData("/tiles/wifi-hk/3/0/0?within=districts", "Invalid feature reference")]
    [InlineData("/tiles/wifi-hk/3/0/0?within=districts:x", "Invalid feature reference")]
    public async Task A_bad_request_is_a_400_problem_naming_what_is_wrong(string path, string title)
    {
        var response = await factory.CreateClient().GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().ShouldBe(title);
    }

    [Theory]
    [InlineData("/tiles/no-such-dataset/3/0/0")]
    [InlineData("/tiles/wifi-hk,no-such-dataset/3/0/0")]
    [InlineData("/tiles/wifi-hk/3/0/0?within=no-such-dataset:1")]
    [InlineData("/tiles/no-such-dataset")]
    public async Task An_unknown_dataset_is_a_404_problem(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("no-such-dataset");
    }

    [Fact]
    public async Task A_url_with_the_current_version_token_is_cached_as_immutable_and_others_briefly()
    {
        var client = factory.CreateClient();
        var tilejson = await client.GetFromJsonAsync<JsonElement>("/tiles/lampposts");
        var template = tilejson.GetProperty("tiles")[0].GetString()!;
        var versioned = new Uri(template.Replace("{z}/{x}/{y}", Central, StringComparison.Ordinal)).PathAndQuery;
        versioned.ShouldContain("?v=");

        var immutable = await client.GetAsync(versioned);
        immutable.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
        var brief = await client.GetAsync($"/tiles/lampposts/{Central}");
        brief.Headers.CacheControl!.ToString().ShouldBe("public, max-age=60");
        var outdated = await client.GetAsync($"/tiles/lampposts/{Central}?v=0000");
        outdated.Headers.CacheControl!.ToString().ShouldBe("public, max-age=60");
    }

    [Fact]
    public async Task Concurrent_requests_for_one_uncached_tile_render_it_once_and_metrics_show_it()
    {
        var client = factory.CreateClient();
        var tile = WebMercator.TileContaining(114.17, 22.30, 15);
        var before = Metric(await client.GetStringAsync("/metrics"), "spatialhub_tiles_cache_misses_total");
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.GetAsync($"/tiles/it-sites,wifi-hk,lampposts/{tile}")));
        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        responses.Select(r => r.Headers.ETag!.Tag).Distinct().Count().ShouldBe(1);
        var hitsBefore = Metric(await client.GetStringAsync("/metrics"), "spatialhub_tiles_cache_hits_total");
        (await client.GetAsync($"/tiles/it-sites,wifi-hk,lampposts/{tile}")).Headers.ETag!.Tag.ShouldBe(responses[0].Headers.ETag!.Tag);

        var metrics = await client.GetStringAsync("/metrics");
        (Metric(metrics, "spatialhub_tiles_cache_misses_total") - before).ShouldBe(1);
        (Metric(metrics, "spatialhub_tiles_cache_hits_total") - hitsBefore).ShouldBe(1, "the request after them is a memory hit");
        metrics.ShouldContain("# TYPE spatialhub_tiles_render_duration_seconds histogram");
        metrics.ShouldContain("spatialhub_tiles_bytes_served_bytes_total{encoding=");
        metrics.ShouldContain("spatialhub_tiles_cache_hits_total{cache=\"memory\"}");
        metrics.ShouldContain("db_client_connection_count", customMessage: "Npgsql pool statistics");
    }

    private static double Metric(string text, string name) =>
        text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
