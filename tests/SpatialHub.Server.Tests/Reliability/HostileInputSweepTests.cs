using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SpatialHub.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>The service on a loopback port with writes unthrottled, so that hostile writes reach the handlers.</summary>
public sealed class HostileSweepFactory : LoopbackSpatialHubFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SpatialHub:WritesPerMinute", "1000000");
        builder.UseSetting("SpatialHub:FailedKeysPerMinute", "1000000");
        builder.UseSetting("SpatialHub:ExpensiveReads:PermitsPerMinute", "1000000");
        builder.UseSetting("SpatialHub:Import:MaxConcurrentImports", "8");
    }
}

/// <summary>
/// Every route the application maps (read from its <see cref="EndpointDataSource"/>, so a new route is swept without
/// touching this test) gets junk in every path parameter, in every query parameter its handler binds plus the shared
/// filters, and in its body: huge, negative and non-finite numbers, overlong ids, encoded path traversal, SQL
/// injection, too many layers, malformed bbox and within, invalid UTF-8, unknown parameters. The requests go over a
/// raw socket so that nothing normalises them on the way. Every answer must be 4xx (or 2xx/3xx where the input is
/// harmless), never 5xx, and the catalog must be as it was.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HostileInputSweepTests(HostileSweepFactory factory, ITestOutputHelper output) : IClassFixture<HostileSweepFactory>
{
    private const string WriteTarget = "sweep-target";

    /// <summary>Values that are already percent-encoded where a URL needs it.</summary>
    private static readonly string[] HostileValues =
    [
        "", "-1", "0", "-0", "2147483648", "-2147483649", "99999999999999999999999999", "1e308", "1e999", "-1e999",
        "NaN", "Infinity", "-Infinity", "0x1F", "1.5", "%20%201",
        new string('a', 64), new string('a', 4_000), new string('a', 10_240),
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%2f..%2fetc%2fpasswd", "%2e%2e", "..%5c..%5cwindows%5cwin.ini", "%252e%252e%252f",
        "%2fetc%2fpasswd",
        "'", "'%20OR%20'1'%3D'1", "1%3B%20DROP%20TABLE%20spatialhub.datasets%3B--", "wifi-hk'%3B--",
        "1%20OR%201%3D1", "%22%3B%20SELECT%20pg_sleep(10)%3B--", "$1", "%25s%25s%25n",
        string.Join("%2C", Enumerable.Range(0, 500).Select(i => $"d{i}")), "wifi-hk%2Cwifi-hk", "%2C", "wifi-hk%2C",
        "1%2C2%2C3", "114%2C22%2C115%2C23%2C1", "NaN%2CNaN%2CNaN%2CNaN", "114%2C22%2C1e999%2C23", "200%2C100%2C-200%2C-100",
        "districts%3A", "%3A1", "districts%3A-1", "districts%3A0", "districts%3A99999999999999999999", "no-such%3A1",
        "%FF%FE", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%00", "a%00b", "%0D%0ASet-Cookie%3A%20x%3D1", "%E2%80%AE",
        "%E4%B8%AD%E6%96%87", "%F0%9F%97%BA", "<script>alert(1)</script>",
        "name_en%20%3D%20'x'%20OR%201%3D1", "S_INTERSECTS(geometry%2CPOLYGON((0%200%2C1%201%2C1%200%2C0%201%2C0%200)))",
        "S_INTERSECTS(geometry%2CBBOX(-1e308%2C-1e308%2C1e308%2C1e308))", "%7B%22op%22%3A%22not%22%2C%22args%22%3A%5Btrue%5D%7D",
        string.Concat(Enumerable.Repeat("(", 3_000)), "opened%20%3D%20DATE('2020-01-01')",
        "wifi-hk%0A", "wifi-hk%0D", "wifi-hk%09", "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "%3Ca%20href%3D%22javascript%3Aalert(1)%22%3Ex%3C%2Fa%3E",
    ];

    /// <summary>A host no configuration names: it must never come back in a link (a shared cache would keep it).</summary>
    private const string UntrustedHost = "evil.example";

    private static readonly string[] SharedQueryNames = ["bbox", "within", "limit", "offset", "f", "v", "q", "crs", "bbox-crs", "datetime",
        "filter", "filter-lang", "filter-crs"];

    [Fact]
    public async Task Every_route_answers_hostile_input_with_4xx_never_5xx_and_the_catalog_stays_intact()
    {
        var before = await CatalogAsync();
        var requests = SweepRequests().ToList();
        requests.Count.ShouldBeGreaterThan(1_000);

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, cancellationToken) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            RawHttp.Response response;
            try
            {
                response = await RawHttp.SendAsync(factory.BaseUri, request.Method, request.Target, request.Headers, request.Body, timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                failures.Add($"{request} -> no answer ({e.GetType().Name}: {e.Message})");
                return;
            }
            statuses.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
            if (request.Headers.ContainsKey("X-Forwarded-Host")
                && (response.Body.Contains(UntrustedHost, StringComparison.OrdinalIgnoreCase)
                    || response.Headers.Values.Any(v => v.Contains(UntrustedHost, StringComparison.OrdinalIgnoreCase))))
            {
                failures.Add($"{request} -> {response.Status} names the untrusted host {UntrustedHost}");
            }
            if (response.Status >= 500)
            {
                failures.Add($"{request} -> {response.Status} {Shorten(response.Body)}");
            }
            else if (response.Header("Content-Type")?.Contains("json", StringComparison.Ordinal) == true
                && response.Header("X-Content-Type-Options") != "nosniff")
            {
                failures.Add($"{request} -> {response.Status} without X-Content-Type-Options: nosniff");
            }
        });

        output.WriteLine($"{requests.Count} hostile requests over {RouteEndpoints().Count()} endpoints in {clock.Elapsed.TotalSeconds:F1} s; "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        foreach (var failure in failures.Take(50))
        {
            output.WriteLine(failure);
        }
        failures.ShouldBeEmpty();

        var after = await CatalogAsync();
        foreach (var (id, state) in before)
        {
            after.ShouldContainKey(id);
            after[id].ShouldBe(state, $"dataset {id} changed");
        }
        after.Keys.Except(before.Keys).ShouldBeSubsetOf([WriteTarget]);
        (await factory.CreateClient().GetAsync("/health")).IsSuccessStatusCode.ShouldBeTrue();
    }

    [Fact]
    public void The_sweep_covers_every_mapped_route()
    {
        var swept = SweepRequests().Select(r => r.Route).ToHashSet();
        foreach (var endpoint in RouteEndpoints())
        {
            swept.ShouldContain(Describe(endpoint));
        }
        swept.ShouldContain("PUT /api/datasets/{id}");
        swept.ShouldContain("GET /tiles/{layers}/{z}/{x}/{y}");
        swept.ShouldContain("GET /collections/{collectionId}/items");
        swept.ShouldContain("GET /api/analytics/zones");
        swept.ShouldContain("GET /api/datasets/{id}/changes");
        swept.ShouldContain("GET /tiles/@grid/{dataset}/{cell}/{z}/{x}/{y}");
        swept.ShouldContain("GET /api/datasets/{id}/quality");
        swept.ShouldContain("GET /print/{layers}/{view}/{size}");
    }

    private sealed record SweepRequest(string Route, string Method, string Target, Dictionary<string, string> Headers, byte[]? Body)
    {
        public override string ToString() => $"{Method} {Shorten(Target)}{(Body is null ? "" : $" [{Body.Length} byte body]")}";
    }

    private IEnumerable<RouteEndpoint> RouteEndpoints() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null);

    private static string Describe(RouteEndpoint endpoint) =>
        $"{string.Join("|", endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)} {endpoint.RoutePattern.RawText}";

    private IEnumerable<SweepRequest> SweepRequests()
    {
        foreach (var endpoint in RouteEndpoints())
        {
            var route = Describe(endpoint);
            var pattern = endpoint.RoutePattern;
            var routeNames = pattern.Parameters.Select(p => p.Name).ToList();
            var queryNames = BoundQueryNames(endpoint, routeNames).Union(SharedQueryNames, StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                var write = method is "PUT" or "DELETE" or "POST" or "PATCH";
                var defaults = routeNames.ToDictionary(name => name, name => DefaultValue(name, method));
                var headers = new Dictionary<string, string> { ["X-Api-Key"] = SpatialHubFactory.ApiKey, ["Accept-Encoding"] = "gzip" };
                var (contentType, body) = DefaultBody(endpoint, method);
                if (contentType is not null)
                {
                    headers["Content-Type"] = contentType;
                }
                string Path(IReadOnlyDictionary<string, string> values) => Fill(pattern.RawText!, values);

                foreach (var name in routeNames)
                {
                    foreach (var value in HostileValues)
                    {
                        var values = new Dictionary<string, string>(defaults) { [name] = value };
                        yield return new(route, method, Path(values), headers, body);
                    }
                }
                foreach (var name in queryNames)
                {
                    foreach (var value in HostileValues)
                    {
                        yield return new(route, method, $"{Path(defaults)}?{name}={value}", headers, body);
                    }
                    yield return new(route, method, $"{Path(defaults)}?{name}=1&{name}=2", headers, body);
                }
                yield return new(route, method, $"{Path(defaults)}?no-such-parameter=1&%FF=%FF", headers, body);
                yield return new(route, method, $"{Path(defaults)}?{string.Join("&", Enumerable.Range(0, 500).Select(i => $"p{i}={i}"))}", headers, body);
                yield return new(route, method, $"{Path(defaults)}/..%2f..%2f..%2fetc%2fpasswd", headers, body);
                yield return new(route, method, $"{Path(defaults)}%00", headers, body);
                yield return new(route, method, Path(defaults), new Dictionary<string, string>(headers)
                {
                    ["Host"] = UntrustedHost, ["X-Forwarded-Host"] = UntrustedHost, ["X-Forwarded-For"] = "203.0.113.9", ["X-Forwarded-Proto"] = "https",
                }, body);
                if (write)
                {
                    var unauthenticated = new Dictionary<string, string>(headers);
                    unauthenticated.Remove("X-Api-Key");
                    yield return new(route, method, Path(defaults), unauthenticated, body);
                    foreach (var key in HostileKeys)
                    {
                        yield return new(route, method, Path(defaults), new Dictionary<string, string>(headers) { ["X-Api-Key"] = key }, body);
                    }
                    foreach (var (hostileType, hostileBody) in HostileBodies())
                    {
                        var withType = new Dictionary<string, string>(headers) { ["Content-Type"] = hostileType };
                        yield return new(route, method, Path(defaults), withType, hostileBody);
                    }
                }
            }
        }
    }

    /// <summary>Query parameters the handler binds: simple-typed parameters that are not route values, and the
    /// properties of an [AsParameters] object. Handlers that read the query themselves get the shared names.</summary>
    private static IEnumerable<string> BoundQueryNames(RouteEndpoint endpoint, IReadOnlyList<string> routeNames)
    {
        var handler = endpoint.Metadata.GetMetadata<MethodInfo>();
        if (handler is null)
        {
            yield break;
        }
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties().Where(p => IsSimple(p.PropertyType)))
                {
                    yield return property.Name;
                }
            }
            else if (IsSimple(parameter.ParameterType) && !routeNames.Contains(parameter.Name!, StringComparer.OrdinalIgnoreCase))
            {
                yield return parameter.Name!;
            }
        }
    }

    private static bool IsSimple(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying == typeof(string) || underlying == typeof(decimal);
    }

    /// <summary>A harmless value per route parameter, so that each sweep changes one thing at a time. Writes aim at a
    /// dataset of their own: the samples must survive the sweep.</summary>
    private static string DefaultValue(string name, string method) => name switch
    {
        "z" => "10",
        "x" => "836",
        "y" => "446",
        "featureId" or "fid" => "1",
        "documentName" => "v1",
        "cell" => "250",
        _ when method is "PUT" or "DELETE" or "PATCH" => WriteTarget,
        _ => "wifi-hk",
    };

    private static (string? ContentType, byte[]? Body) DefaultBody(RouteEndpoint endpoint, string method) => method switch
    {
        "PUT" => ("text/csv", Encoding.UTF8.GetBytes("name,Latitude,Longitude\nCentral,22.2819,114.1582\n")),
        "POST" when endpoint.RoutePattern.RawText!.Contains("transform", StringComparison.Ordinal)
            => ("application/json", Encoding.UTF8.GetBytes("[[836694.05,819069.80]]")),
        "POST" => ("application/json", Encoding.UTF8.GetBytes("{}")),
        "PATCH" => ("application/json", Encoding.UTF8.GetBytes("{\"description\":\"swept\"}")),
        _ => (null, null),
    };

    /// <summary>Keys that are not keys: a publisher key's prefix with junk, overlong, SQL, non-ASCII, an empty value.</summary>
    private static readonly string[] HostileKeys =
    [
        "", "shp_", "shp_' OR '1'='1", "shp_" + new string('A', 43), new string('k', 8_000), "test-api-key ", "TEST-API-KEY", "中文鑰匙", "shp_%00",
    ];

    private static IEnumerable<(string ContentType, byte[] Body)> HostileBodies()
    {
        // Metadata edits (PATCH): oversize, badly typed, bad licence and URLs, too many keywords.
        yield return ("application/json", Encoding.UTF8.GetBytes($"{{\"description\":\"{new string('d', 70_000)}\"}}"));
        yield return ("application/json", Encoding.UTF8.GetBytes($"{{\"description\":\"{new string('d', 5_000)}\",\"title\":\"{new string('t', 600)}\"}}"));
        yield return ("application/json", "{\"licence\":\"<script>alert(1)</script>\",\"sourceUrl\":\"javascript:alert(1)\"}"u8.ToArray());
        yield return ("application/json", "{\"sourceUrl\":\"file:///etc/passwd\",\"contact\":\"a\\u0000b\"}"u8.ToArray());
        yield return ("application/json", Encoding.UTF8.GetBytes("{\"keywords\":[" + string.Join(",", Enumerable.Range(0, 1_000).Select(i => $"\"k{i}\"")) + "]}"));
        yield return ("application/json", "{\"published\":\"yes\",\"keywords\":\"a\",\"updateFrequency\":42}"u8.ToArray());
        yield return ("application/json", "{\"published\":null,\"keywords\":[null,\"\"],\"licence\":\"CC-BY-4.0 WITH\"}"u8.ToArray());
        yield return ("application/json", []);
        yield return ("application/json", "{"u8.ToArray());
        yield return ("application/json", "[[1e308,1e308],[-1e308,1e308]]"u8.ToArray());
        yield return ("application/json", "[[1e999,1]]"u8.ToArray());
        yield return ("application/json", "[[\"NaN\",\"Infinity\"]]"u8.ToArray());
        yield return ("application/json", "{\"type\":\"Point\",\"coordinates\":[1e300,-1e300]}"u8.ToArray());
        yield return ("application/json", Encoding.UTF8.GetBytes(new string('[', 100_000)));
        yield return ("application/geo+json", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"'; DROP TABLE spatialhub.datasets;--\",1]},\"properties\":{}}]}"u8.ToArray());
        yield return ("text/csv", [0xFF, 0xFE, 0x00, 0x41, 0xC3, 0x28, 0x0A]);
        yield return ("text/csv", Encoding.UTF8.GetBytes("name,x,y\n'; DROP TABLE spatialhub.datasets;--,1e999,NaN\n"));
        yield return ("text/csv", Encoding.UTF8.GetBytes(new string('a', 100_000)));
        yield return ("text/csv", Encoding.UTF8.GetBytes("name,Latitude,Longitude\nA\0B,22.2819,114.1582\n"));
        yield return ("text/csv", Encoding.UTF8.GetBytes("na\0me,Latitude,Longitude\nA,22.2819,114.1582\n"));
        yield return ("application/geo+json", Encoding.UTF8.GetBytes(
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,22.3]},"
            + "\"properties\":{\"name\":\"a\\u0000b\",\"n\\u0000\":1,\"big\":1e400}}]}"));
        yield return ("application/geo+json", "{\"type\":\"Feature\",\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,22.3]},\"properties\":{\"a\":1,\"a\":2}}"u8.ToArray());
        yield return ("application/geo+json", "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,22.3]},\"properties\":{\"name\":\"\\ud800\",\"\\udfff\":1}}"u8.ToArray());
        yield return ("application/json", "[[836694,819069,\"\\ud800\"]]"u8.ToArray());
        yield return ("application/zip", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]);
        // GDAL documents that read server files or reach other hosts (HostileUploadTests checks each in depth).
        yield return ("application/gml+xml", HostileUploads.Utf8(HostileUploads.LocalFileVrt("/usr/share/gdal/gdalvrt.xsd")));
        yield return ("application/gml+xml", HostileUploads.Utf8(HostileUploads.WfsServiceFile("http://127.0.0.1:9/wfs")));
        yield return ("application/zip", HostileUploads.ZipBomb("bomb.csv", 64 * 1024 * 1024));
        yield return ("application/octet-stream", [0x00, 0x01, 0x02]);
    }

    private static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        Regex.Replace(template, @"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}", match => values[match.Groups[1].Value]);

    private async Task<Dictionary<string, string>> CatalogAsync()
    {
        var datasets = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/datasets");
        return datasets.EnumerateArray().ToDictionary(
            d => d.GetProperty("id").GetString()!,
            d => $"{d.GetProperty("version")} {d.GetProperty("featureCount")}");
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
