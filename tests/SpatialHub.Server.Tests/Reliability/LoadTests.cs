using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SpatialHub.Core.Tiles;
using SpatialHub.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>
/// The service on a loopback port under Debian's <c>wrk</c>: 64 connections for 15 s over the tile URLs the map asks
/// for (every sample dataset's TileJSON template, version token included, zooms 10 to 16 over Hong Kong, cold tiles
/// first met under load). Every answer must be 2xx with no socket error or timeout; the latency percentiles are
/// written to the test output and to TestResults/load-test.txt.
/// </summary>
[Collection(LoadCollection.Name)]
[Trait("Category", "Load")]
public sealed class LoadTests(LoopbackSpatialHubFactory factory, ITestOutputHelper output) : IClassFixture<LoopbackSpatialHubFactory>
{
    private const string Wrk = "/usr/bin/wrk";
    private const int Connections = 64;
    private const int Seconds = 15;

    // Hong Kong's built-up area, where the samples are dense.
    private const double West = 113.90, East = 114.35, South = 22.20, North = 22.52;

    [Fact]
    public async Task Sixty_four_connections_for_fifteen_seconds_over_a_zoom_mix_of_tiles_get_no_error_and_no_non_2xx()
    {
        File.Exists(Wrk).ShouldBeTrue("wrk is missing: scripts/setup.sh installs the Debian package 'wrk'");
        var paths = await TilePathsAsync();
        paths.Count.ShouldBeGreaterThan(200);
        var script = Path.Combine(Path.GetTempPath(), $"spatialhub-load-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, LuaScript(paths));
        try
        {
            var clock = Stopwatch.StartNew();
            var run = await RunAsync(Wrk,
                ["-t2", $"-c{Connections}", $"-d{Seconds}s", "--timeout", "10s", "--latency", "-s", script, factory.BaseUrl]);
            var report = $"wrk -t2 -c{Connections} -d{Seconds}s over {paths.Count} tile URLs (z10-z16, 5 datasets) in {clock.Elapsed.TotalSeconds:F0} s:\n{run.Output}";
            output.WriteLine(report);
            var results = Path.Combine(RepositoryPaths.Root, "tests", "SpatialHub.Server.Tests", "TestResults");
            Directory.CreateDirectory(results);
            await File.WriteAllTextAsync(Path.Combine(results, "load-test.txt"), report);

            run.ExitCode.ShouldBe(0, run.Error);
            run.Output.ShouldNotContain("Non-2xx or 3xx responses");
            run.Output.ShouldNotContain("Socket errors");
            var figures = Figures(run.Output);
            figures["requests"].ShouldBeGreaterThan(1_000);
            figures["status_errors"].ShouldBe(0);
            figures["p99_us"].ShouldBeGreaterThan(0);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The map's own tile URLs: each dataset's TileJSON template (with its ?v= token) at every tile of a
    /// sample of Hong Kong, more tiles at deeper zooms as a panning user fetches them.</summary>
    private async Task<List<string>> TilePathsAsync()
    {
        var client = factory.CreateClient();
        var datasets = await client.GetFromJsonAsync<JsonElement>("/api/datasets");
        var templates = new List<string>();
        foreach (var dataset in datasets.EnumerateArray())
        {
            var tileJson = await client.GetFromJsonAsync<JsonElement>($"/tiles/{dataset.GetProperty("id").GetString()}");
            templates.Add(new Uri(tileJson.GetProperty("tiles")[0].GetString()!).PathAndQuery.Replace("%7B", "{", StringComparison.Ordinal).Replace("%7D", "}", StringComparison.Ordinal));
        }
        var random = new Random(8);
        var paths = new List<string>();
        for (var z = 10; z <= 16; z++)
        {
            var (minX, minY) = TileAt(West, North, z);
            var (maxX, maxY) = TileAt(East, South, z);
            var tiles = (from x in Enumerable.Range(minX, maxX - minX + 1) from y in Enumerable.Range(minY, maxY - minY + 1) select (x, y)).ToList();
            foreach (var (x, y) in tiles.OrderBy(_ => random.Next()).Take(12))
            {
                paths.AddRange(templates.Select(t => t.Replace("{z}", $"{z}", StringComparison.Ordinal)
                    .Replace("{x}", $"{x}", StringComparison.Ordinal).Replace("{y}", $"{y}", StringComparison.Ordinal)));
            }
        }
        return paths.OrderBy(_ => random.Next()).ToList();
    }

    private static (int X, int Y) TileAt(double lon, double lat, int z)
    {
        var n = TileCoord.TilesPerAxis(z);
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var latRad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n);
        return (x, y);
    }

    private static string LuaScript(IReadOnlyList<string> paths)
    {
        var lua = new StringBuilder("paths = {\n");
        foreach (var path in paths)
        {
            lua.Append("  \"").Append(path).Append("\",\n");
        }
        lua.Append("""
            }
            counter = 0
            function init(args)
              counter = math.random(#paths)
            end
            function request()
              counter = counter + 1
              return wrk.format("GET", paths[(counter % #paths) + 1], { ["Accept-Encoding"] = "gzip, br" })
            end
            function done(summary, latency, requests)
              io.write(string.format("requests=%d\n", summary.requests))
              io.write(string.format("status_errors=%d\n", summary.errors.status))
              for _, p in pairs({ 50, 90, 99, 99.9 }) do
                io.write(string.format("p%s_us=%d\n", tostring(p):gsub("%.", "_"), latency:percentile(p)))
              end
              io.write(string.format("max_us=%d\n", latency.max))
            end
            """);
        return lua.ToString();
    }

    private static Dictionary<string, long> Figures(string output) =>
        Regex.Matches(output, @"^(\w+)=(\d+)$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string executable, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Seconds + 30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>The load test runs alone, after the parallel tests: its figures are then its own, and its 64 connections
/// do not slow the timing assertions of other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadCollection
{
    public const string Name = "Load";
}
