using System.Globalization;

namespace SpatialHub.Core.Tests.Projection;

/// <summary>One row of Fixtures/projection/hk-points.csv, made by scripts/make-projection-fixture.sh with cs2cs.</summary>
internal sealed record FixturePoint(
    int Id, double E, double N, double Lat, double Lon, double MercX, double MercY, double BackE, double BackN);

internal static class ProjectionFixture
{
    public static IReadOnlyList<FixturePoint> Points { get; } = Load();

    private static List<FixturePoint> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "projection", "hk-points.csv");
        return File.ReadLines(path)
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new FixturePoint(
                int.Parse(f[0], CultureInfo.InvariantCulture),
                D(f[1]), D(f[2]), D(f[3]), D(f[4]), D(f[5]), D(f[6]), D(f[7]), D(f[8])))
            .ToList();

        static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }
}
