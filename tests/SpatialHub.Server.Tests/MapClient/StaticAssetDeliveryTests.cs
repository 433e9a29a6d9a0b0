using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;
using SpatialHub.Server.Tests.Rendering;

namespace SpatialHub.Server.Tests.MapClient;

/// <summary>The first load: the pages name fingerprinted files through their links and an import map (allowed by its
/// hash in the CSP); those files go out Brotli- or gzip-compressed and cached as immutable, the plain names revalidate,
/// and the pages themselves are never cached unchecked.</summary>
[Collection(RenderingCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class StaticAssetDeliveryTests(SpatialHubFactory factory)
{
    private static readonly string MapLibreOnDisk =
        Path.Combine(RepositoryPaths.Root, "src", "SpatialHub.Server", "wwwroot", "lib", "maplibre-gl", "maplibre-gl.mjs");

    [GeneratedRegex("""<script type="importmap">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ImportMap();

    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding = null, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }
        var response = await factory.CreateClient().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return response;
    }

    /// <summary>The page's import map (checked against the page's CSP) as plain name → fingerprinted URL.</summary>
    private async Task<IReadOnlyDictionary<string, string>> ImportsOfAsync(string path)
    {
        var page = await GetAsync(path, accept: "text/html");
        page.Headers.CacheControl!.NoCache.ShouldBeTrue(path);
        var html = await page.Content.ReadAsStringAsync();
        var map = ImportMap().Match(html);
        map.Success.ShouldBeTrue(html);
        html.IndexOf("<script type=\"importmap\">", StringComparison.Ordinal)
            .ShouldBeLessThan(html.IndexOf("<script type=\"module\"", StringComparison.Ordinal), "an import map must come before the first module");
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.Groups[1].Value)));
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain($"script-src 'self' 'sha256-{hash}';");
        html.ShouldMatch("""<script type="module" src="/js/app\.[a-z0-9]+\.js"></script>""");
        html.ShouldMatch("""<link rel="stylesheet" href="/lib/maplibre-gl/maplibre-gl\.[a-z0-9]+\.css">""");
        return JsonDocument.Parse(map.Groups[1].Value).RootElement.GetProperty("imports").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    [Fact]
    public async Task The_map_pages_are_not_cached_unchecked_and_name_every_module_by_its_fingerprint()
    {
        foreach (var path in new[] { "/", "/embed" })
        {
            var imports = await ImportsOfAsync(path);
            imports["/lib/maplibre-gl/maplibre-gl.mjs"].ShouldMatch(@"^/lib/maplibre-gl/maplibre-gl\.[a-z0-9]+\.mjs$");
            imports["/lib/maplibre-gl/maplibre-gl-worker.mjs"].ShouldMatch(@"^/lib/maplibre-gl/maplibre-gl-worker\.[a-z0-9]+\.mjs$");
            imports["/js/util.js"].ShouldMatch(@"^/js/util\.[a-z0-9]+\.js$");
        }
    }

    [Fact]
    public async Task MapLibre_under_its_fingerprint_goes_out_as_brotli_or_gzip_and_is_cached_as_immutable()
    {
        var url = (await ImportsOfAsync("/"))["/lib/maplibre-gl/maplibre-gl.mjs"];
        var original = await File.ReadAllBytesAsync(MapLibreOnDisk);

        var brotli = await GetAsync(url, "gzip, deflate, br");
        brotli.Content.Headers.ContentEncoding.ShouldBe(["br"]);
        var brotliBytes = await brotli.Content.ReadAsByteArrayAsync();
        brotliBytes.Length.ShouldBeLessThan(original.Length / 3, "MapLibre is about 1.1 MB plain and about a quarter of that as Brotli");
        Decompress(new BrotliStream(new MemoryStream(brotliBytes), CompressionMode.Decompress)).ShouldBe(original);
        brotli.Headers.CacheControl!.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        brotli.Headers.CacheControl.Extensions.ShouldContain(e => e.Name == "immutable");
        brotli.Headers.Vary.ShouldContain("Accept-Encoding");

        var gzip = await GetAsync(url, "gzip");
        gzip.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        Decompress(new GZipStream(new MemoryStream(await gzip.Content.ReadAsByteArrayAsync()), CompressionMode.Decompress)).ShouldBe(original);

        var plain = await GetAsync(url);
        plain.Content.Headers.ContentEncoding.ShouldBeEmpty();
        (await plain.Content.ReadAsByteArrayAsync()).ShouldBe(original);
    }

    [Fact]
    public async Task The_worker_is_compressed_too_and_plain_names_revalidate_instead_of_being_immutable()
    {
        var worker = (await ImportsOfAsync("/"))["/lib/maplibre-gl/maplibre-gl-worker.mjs"];
        (await GetAsync(worker, "br")).Content.Headers.ContentEncoding.ShouldBe(["br"]);

        // MapLibre's own default worker URL and any module imported without the import map: compressed, never immutable.
        var plain = await GetAsync("/lib/maplibre-gl/maplibre-gl-worker.mjs?v=6", "br");
        plain.Content.Headers.ContentEncoding.ShouldBe(["br"]);
        plain.Headers.CacheControl!.NoCache.ShouldBeTrue();
        plain.Headers.CacheControl.Extensions.ShouldNotContain(e => e.Name == "immutable");
        var etag = plain.Headers.ETag.ShouldNotBeNull();

        var again = new HttpRequestMessage(HttpMethod.Get, "/lib/maplibre-gl/maplibre-gl-worker.mjs");
        again.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag, etag.IsWeak));
        (await factory.CreateClient().SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    private static byte[] Decompress(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
