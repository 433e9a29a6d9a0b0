using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SpatialHub.Server.Tests.ScaleOut;

/// <summary>
/// The scaled-out deployment as an operator would run it (scripts/cluster.sh): two service replicas behind nginx,
/// reads on a PostgreSQL streaming replica, writes on the primary. One scenario, in order, since its steps take
/// pieces of the deployment down; the header checks hold whichever pieces are still up.
/// </summary>
[Collection(nameof(ScaleOutCollection))]
[Trait("Category", "Cluster")]
public sealed class ScaleOutTests(ScaleOutCluster cluster) : IClassFixture<ScaleOutCluster>
{
    private const string Probe = "scaleout-probe";
    private const int Zoom = 15;
    private static readonly (double Lon, double Lat) Central = (114.1582, 22.2819);
    private static readonly (double Lon, double Lat) ShaTin = (114.1880, 22.3830);

    [Fact]
    public async Task An_import_through_one_replica_shows_everywhere_a_crash_loses_no_request_and_reads_outlive_the_primary()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        // 1. An import through replica A is in the tiles of either replica, through nginx, once its notification arrived.
        await ImportAsync(http, Central);
        await ShouldShowOnlyAsync(http, Central, ShaTin);
        await ImportAsync(http, ShaTin);
        await ShouldShowOnlyAsync(http, ShaTin, Central);

        // 2. kill -9 of replica A during a load run through nginx: nginx retries on B, no request fails.
        var load = LoadAsync(http, TimeSpan.FromSeconds(4));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        cluster.Kill("app-a");
        var (requests, failures) = await load;
        failures.ShouldBeEmpty();
        requests.ShouldBeGreaterThan(200);

        // 3. The primary stops: reads come from the streaming replica, writes answer 503 with Retry-After.
        await cluster.RunAsync("stop", "primary");
        foreach (var path in new[] { "/catalog", "/api/datasets", "/collections", $"/collections/{Probe}/items", $"/tiles/{Probe}" })
        {
            (await http.GetAsync(new Uri(cluster.Nginx, path))).StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }
        (await TileStatusAsync(http, cluster.Nginx, ShaTin, null)).ShouldBe(HttpStatusCode.OK);
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri(cluster.AppB, "/health")));
        health.RootElement.GetProperty("status").GetString().ShouldBe("degraded");
        health.RootElement.GetProperty("primary").GetString().ShouldBe("down");

        using var write = await PutAsync(http, cluster.Nginx, Central);
        write.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        write.Headers.RetryAfter.ShouldNotBeNull();
        using var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(cluster.Nginx, $"/api/datasets/{Probe}"));
        delete.Headers.Add("X-Api-Key", cluster.ApiKey);
        (await http.SendAsync(delete)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Through_nginx_versioned_tiles_are_immutable_metadata_is_short_lived_and_links_name_nginx()
    {
        using var http = new HttpClient();
        var tileJson = await http.GetAsync(new Uri(cluster.Nginx, "/tiles/wifi-hk"));
        tileJson.Headers.CacheControl!.ToString().ShouldBe("public, max-age=60");
        using var document = JsonDocument.Parse(await tileJson.Content.ReadAsStringAsync());
        var template = document.RootElement.GetProperty("tiles")[0].GetString()!;
        template.ShouldStartWith($"{cluster.Nginx.ToString().TrimEnd('/')}/tiles/wifi-hk/");

        var tile = await http.GetAsync(new Uri(template.Replace("{z}/{x}/{y}", "11/1673/892", StringComparison.Ordinal)));
        tile.StatusCode.ShouldBe(HttpStatusCode.OK);
        tile.Headers.CacheControl!.ToString().ShouldBe("public, max-age=31536000, immutable");
        tile.Headers.Vary.ShouldContain("Accept-Encoding");

        var catalog = await http.GetAsync(new Uri(cluster.Nginx, "/catalog"));
        catalog.Headers.CacheControl!.ToString().ShouldBe("public, max-age=60");
        (await catalog.Content.ReadAsStringAsync()).ShouldContain($"\"{cluster.Nginx.ToString().TrimEnd('/')}/tiles/");
    }

    private async Task ImportAsync(HttpClient http, (double Lon, double Lat) point)
    {
        using var response = await PutAsync(http, cluster.AppA, point);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PutAsync(HttpClient http, Uri service, (double Lon, double Lat) point)
    {
        var csv = string.Create(CultureInfo.InvariantCulture, $"name,Longitude,Latitude\nprobe,{point.Lon},{point.Lat}\n");
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(service, $"/api/datasets/{Probe}"))
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Api-Key", cluster.ApiKey);
        return await http.SendAsync(request);
    }

    /// <summary>Right after the import: the tile of the new point has it and the old point's tile is empty, asked of
    /// nginx and of each replica, with and without the version token their TileJSON gives.</summary>
    private async Task ShouldShowOnlyAsync(HttpClient http, (double Lon, double Lat) present, (double Lon, double Lat) gone)
    {
        // Each replica answers from memory and learns of the other's import when its NOTIFY arrives: wait for that
        // (both name the same versions), not for a fixed time.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await VersionTokenAsync(http, cluster.AppA) != await VersionTokenAsync(http, cluster.AppB))
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the catalog notification reaches the other replica");
            await Task.Delay(10);
        }
        foreach (var service in new[] { cluster.Nginx, cluster.AppB, cluster.AppA, cluster.Nginx })
        {
            var token = await VersionTokenAsync(http, service);
            (await TileStatusAsync(http, service, present, token)).ShouldBe(HttpStatusCode.OK, $"{service} v={token}");
            (await TileStatusAsync(http, service, gone, token)).ShouldBe(HttpStatusCode.NoContent, $"{service} v={token}");
            (await TileStatusAsync(http, service, present, null)).ShouldBe(HttpStatusCode.OK, service.ToString());
        }
        var tokens = new[] { await VersionTokenAsync(http, cluster.AppA), await VersionTokenAsync(http, cluster.AppB) };
        tokens[1].ShouldBe(tokens[0], "both replicas name the same, newest version");
    }

    private static async Task<string> VersionTokenAsync(HttpClient http, Uri service)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(service, $"/tiles/{Probe}")));
        var template = document.RootElement.GetProperty("tiles")[0].GetString()!;
        return template[(template.IndexOf("?v=", StringComparison.Ordinal) + 3)..];
    }

    private static async Task<HttpStatusCode> TileStatusAsync(HttpClient http, Uri service, (double Lon, double Lat) point, string? token)
    {
        var (x, y) = TileOf(point);
        var query = token is null ? "" : $"?v={token}";
        using var response = await http.GetAsync(new Uri(service, $"/tiles/{Probe}/{Zoom}/{x}/{y}.pbf{query}"));
        return response.StatusCode;
    }

    private static (int X, int Y) TileOf((double Lon, double Lat) point)
    {
        var n = 1 << Zoom;
        var latitude = point.Lat * Math.PI / 180;
        var x = (int)Math.Floor((point.Lon + 180) / 360 * n);
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latitude) + 1 / Math.Cos(latitude)) / Math.PI) / 2 * n);
        return (x, y);
    }

    /// <summary>Four clients asking nginx for tiles (versioned and not), TileJSON and the catalog for the given time;
    /// a failure is any exception or status other than 200, 204 or 304.</summary>
    private async Task<(int Requests, IReadOnlyList<string> Failures)> LoadAsync(HttpClient http, TimeSpan duration)
    {
        var token = await VersionTokenAsync(http, cluster.Nginx);
        var (x, y) = TileOf(ShaTin);
        string[] paths =
        [
            $"/tiles/{Probe}/{Zoom}/{x}/{y}.pbf?v={token}", $"/tiles/{Probe}/{Zoom}/{x}/{y}.pbf", $"/tiles/{Probe}",
            "/tiles/wifi-hk/11/1673/892.pbf", "/api/datasets", $"/collections/{Probe}/items?limit=5",
        ];
        var failures = new List<string>();
        var requests = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async client =>
        {
            for (var i = client; clock.Elapsed < duration; i++)
            {
                var path = paths[i % paths.Length];
                try
                {
                    using var response = await http.GetAsync(new Uri(cluster.Nginx, path));
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NoContent or HttpStatusCode.NotModified))
                    {
                        lock (failures) { failures.Add($"{path}: {(int)response.StatusCode}"); }
                    }
                }
                catch (HttpRequestException e)
                {
                    lock (failures) { failures.Add($"{path}: {e.Message}"); }
                }
                Interlocked.Increment(ref requests);
            }
        }));
        return (requests, failures);
    }
}

/// <summary>The scale-out tests run alone: they start processes of their own and take them down.</summary>
[CollectionDefinition(nameof(ScaleOutCollection), DisableParallelization = true)]
public sealed class ScaleOutCollection;
