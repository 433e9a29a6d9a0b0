using System.Globalization;
using Shouldly;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Features;

/// <summary>Issue 17 item 8: the CSV export carries WGS84 once and HK1980 Grid easting/northing, which for the I&amp;T
/// sites (imported from HK1980 coordinates) come back as the source file's own numbers.</summary>
[Trait("Category", "Integration")]
public sealed class CsvHk1980Tests(SpatialHubFactory factory) : IClassFixture<SpatialHubFactory>
{
    [Fact]
    public async Task The_it_sites_csv_gives_back_the_source_HK1980_coordinates()
    {
        var text = await factory.CreateClient().GetStringAsync("/collections/it-sites/items?f=csv");
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        header[^4..].ShouldBe(["longitude", "latitude", "easting_hk1980", "northing_hk1980"]);

        var source = File.ReadAllLines(Path.Combine(RepositoryPaths.DataSamples, "it-sites-hk1980.csv"))
            .Skip(1).Select(l => l.Split(',')).Where(p => p.Length > 6 && p[0] is "HKSP" or "CYBERPORT").ToDictionary(p => p[0], p => (E: p[5], N: p[6]));
        foreach (var (site, (e, n)) in source)
        {
            var row = lines.Single(l => l.StartsWith(site + ",", StringComparison.Ordinal)).Split(',');
            double.Parse(row[^2], CultureInfo.InvariantCulture).ShouldBe(double.Parse(e, CultureInfo.InvariantCulture), 0.01, site);
            double.Parse(row[^1], CultureInfo.InvariantCulture).ShouldBe(double.Parse(n, CultureInfo.InvariantCulture), 0.01, site);
        }
        source.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_source_with_its_own_latitude_and_longitude_columns_has_WGS84_once()
    {
        var header = (await factory.CreateClient().GetStringAsync("/collections/lampposts/items?f=csv&limit=1")).Split("\r\n")[0].Split(',');

        header.Count(h => h.Equals("latitude", StringComparison.OrdinalIgnoreCase)).ShouldBe(1);
        header.Count(h => h.Equals("longitude", StringComparison.OrdinalIgnoreCase)).ShouldBe(1);
        header.ShouldContain("Lamp Post Number");
    }
}
