using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>Item pages (GeoJSON and CSV) are gzipped for clients that accept gzip, and the same bytes as ever for
/// those that do not.</summary>
[Trait("Category", "Integration")]
public sealed class CompressedItemsTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task A_GeoJSON_page_is_gzipped_for_a_client_that_accepts_gzip_and_decodes_to_the_same_features()
    {
        const string page = "/collections/wifi-hk/items?limit=1000";
        var (plain, plainEncoding, _) = await GetAsync(page, null);
        var (zipped, zippedEncoding, vary) = await GetAsync(page, "gzip, deflate, br");

        plainEncoding.ShouldBeEmpty();
        zippedEncoding.ShouldBe(["gzip"]);
        vary.ShouldContain("Accept-Encoding");
        zipped.Length.ShouldBeLessThan(plain.Length / 4, "a page of points compresses several times");
        var unzipped = Gunzip(zipped);
        // timeStamp differs between the two requests; the features must not.
        Features(unzipped).ShouldBe(Features(plain));
    }

    [Fact]
    public async Task A_CSV_export_is_gzipped_and_decodes_to_the_same_file()
    {
        const string export = "/collections/it-sites/items?f=csv";
        var (plain, _, _) = await GetAsync(export, null);
        var (zipped, encoding, _) = await GetAsync(export, "gzip");

        encoding.ShouldBe(["gzip"]);
        Encoding.UTF8.GetString(Gunzip(zipped)).ShouldBe(Encoding.UTF8.GetString(plain));
    }

    [Theory]
    [InlineData("gzip;q=0")]
    [InlineData("br")]
    [InlineData("identity")]
    public async Task A_client_that_refuses_gzip_gets_the_page_as_is(string acceptEncoding)
    {
        var (body, encoding, _) = await GetAsync("/collections/it-sites/items", acceptEncoding);

        encoding.ShouldBeEmpty();
        JsonDocument.Parse(body).RootElement.GetProperty("numberReturned").GetInt32().ShouldBe(27);
    }

    private async Task<(byte[] Body, string[] Encoding, string Vary)> GetAsync(string url, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        var response = await factory.CreateClient().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentEncoding.ToArray(),
            string.Join(",", response.Headers.Vary));
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    private static string Features(byte[] page) => JsonDocument.Parse(page).RootElement.GetProperty("features").GetRawText();
}
