using System.Text.RegularExpressions;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary>A service of its own, so that nothing asked for /metrics before this test does.</summary>
[Trait("Category", "Integration")]
public sealed partial class MetricsFromStartTests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task Metrics_count_the_tiles_served_before_the_first_metrics_page_was_asked_for()
    {
        var client = factory.CreateClient();
        (await client.GetAsync("/tiles/wifi-hk/10/836/446")).EnsureSuccessStatusCode();
        (await client.GetAsync("/tiles/wifi-hk/10/836/446")).EnsureSuccessStatusCode();

        var metrics = await client.GetStringAsync("/metrics");

        var misses = MissesLine().Match(metrics);
        misses.Success.ShouldBeTrue(metrics);
        double.Parse(misses.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
    }

    [GeneratedRegex(@"^spatialhub_tiles_cache_misses_total(?:\{[^}]*\})? ([0-9.e+]+)$", RegexOptions.Multiline)]
    private static partial Regex MissesLine();
}
