using System.Diagnostics;
using System.Text.Json;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>QGIS as the outside judge of docs/gis-clients.md: Debian's QGIS 3.22 (python3-qgis, installed by
/// scripts/setup.sh), headless, opens the running service as a GIS user adds it (qgis_client_check.py) and reports
/// what it saw. One heavy test: a QGIS start, three layers and a map render.</summary>
[Trait("Category", "Integration")]
public sealed class QgisClientTests(LoopbackSpatialHubFactory factory) : IClassFixture<LoopbackSpatialHubFactory>
{
    /// <summary>Debian's interpreter, the one python3-qgis installs into (a pyenv or venv python on PATH lacks it).</summary>
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task Qgis_opens_a_collection_over_oapif_also_in_hk1980_grid_and_the_vector_tiles_with_the_style_url()
    {
        var qgis = await RunQgisAsync("it-sites", "wifi-hk");
        var client = new HttpClient { BaseAddress = factory.BaseUri };

        var oapif = qgis.GetProperty("oapif");
        oapif.GetProperty("valid").GetBoolean().ShouldBeTrue();
        var count = (await client.GetJsonAsync("/collections/it-sites")).GetProperty("itemCount").GetInt64();
        oapif.GetProperty("featureCount").GetInt64().ShouldBe(count);
        oapif.GetProperty("points").EnumerateObject().Count().ShouldBe((int)count);
        var inBox = (await client.GetJsonAsync("/collections/it-sites/items?bbox=114.20,22.415,114.22,22.435")).Ids().Count;
        inBox.ShouldBeGreaterThan(0);
        oapif.GetProperty("inBox").GetArrayLength().ShouldBe(inBox);
        var requests = qgis.GetProperty("oapifRequests").EnumerateArray().Select(r => r.GetString()!).ToList();
        requests.ShouldContain(r => r.Contains("/collections/it-sites/items?", StringComparison.Ordinal) && r.Contains("bbox=114.2", StringComparison.Ordinal),
            "with 'only the view extent' QGIS asks the service for the box");

        // The layer in HK1980 Grid (QGIS 3.22 reads CRS84 and reprojects; a later QGIS may ask with crs=): either way each
        // of its points is within a millimetre of where the service's own crs=EPSG:2326 output puts it.
        var grid = qgis.GetProperty("grid");
        grid.GetProperty("valid").GetBoolean().ShouldBeTrue();
        (grid.GetProperty("layerCrs").GetString() == "EPSG:2326" || grid.GetProperty("reprojectedByQgis").GetBoolean()).ShouldBeTrue();
        var served = (await client.GetJsonAsync($"/collections/it-sites/items?crs={Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/2326")}&limit=1000"))
            .GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("geometry").GetProperty("coordinates")).Select(c => (X: c[0].GetDouble(), Y: c[1].GetDouble())).ToList();
        var seen = grid.GetProperty("points").EnumerateObject().Select(p => (X: p.Value[0].GetDouble(), Y: p.Value[1].GetDouble())).ToList();
        seen.Count.ShouldBe(served.Count);
        seen.Max(p => served.Min(s => Math.Sqrt(Math.Pow(p.X - s.X, 2) + Math.Pow(p.Y - s.Y, 2)))).ShouldBeLessThan(0.001);

        var tiles = qgis.GetProperty("vectorTiles");
        tiles.GetProperty("valid").GetBoolean().ShouldBeTrue();
        tiles.GetProperty("styleLoaded").GetBoolean().ShouldBeTrue(tiles.GetProperty("styleMessage").GetString());
        tiles.GetProperty("styleNames").EnumerateArray().Select(s => s.GetString()).ShouldContain("wifi-hk:clusters");
        // The clusters' colour by dominant category survives QGIS's conversion of the MapLibre match expression.
        tiles.GetProperty("clusterExpressions").EnumerateArray().Select(e => e.GetString()!)
            .ShouldContain(e => e.Contains("\"category\" IN ('Welfare Service Units') THEN '#1f5f99'", StringComparison.Ordinal));
        tiles.GetProperty("requests").EnumerateArray().Select(r => r.GetString()!).ShouldContain(r => r.Contains("/tiles/wifi-hk/", StringComparison.Ordinal));
        tiles.GetProperty("drawnSamples").GetInt32().ShouldBeGreaterThan(0, "QGIS drew the styled tiles");
    }

    private async Task<JsonElement> RunQgisAsync(string collection, string tileLayers)
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "SpatialHub.Server.Tests", "Features", "qgis_client_check.py");
        var probe = await RunAsync(Python, "-c", "import qgis.core");
        probe.ExitCode.ShouldBe(0,
            "QGIS is not installed: this test needs Debian's python3-qgis (QGIS 3.22) for " + Python + "; scripts/setup.sh installs it. " + probe.Errors);
        var run = await RunAsync(Python, script, factory.BaseUrl, collection, tileLayers);
        run.ExitCode.ShouldBe(0, run.Errors);
        return JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]).RootElement.Clone();
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["QT_QPA_PLATFORM"] = "offscreen";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }
}
