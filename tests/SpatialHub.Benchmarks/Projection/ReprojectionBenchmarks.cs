using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using SpatialHub.Core.Projection;

namespace SpatialHub.Benchmarks.Projection;

/// <summary>
/// Bulk reprojection of 1,000,000 HK1980 Grid points, and the same points as text through
/// <see cref="CoordinateTextTransformer"/> (parse, transform, format), for comparison with cs2cs.
/// scripts/bench-projection.sh passes the points file it also feeds to cs2cs in
/// SPATIALHUB_PROJECTION_POINTS ("northing easting" per line, cs2cs's EPSG:2326 order).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class ReprojectionBenchmarks
{
    public const string PointsVariable = "SPATIALHUB_PROJECTION_POINTS";

    private readonly Reprojector _toWebMercator = Reprojector.Create(2326, 3857);
    private readonly Reprojector _toWgs84 = Reprojector.Create(2326, 4326);
    private readonly CoordinateTextTransformer _textToWgs84 = CoordinateTextTransformer.Create("EPSG:2326", "EPSG:4326");
    private double[] _eastings = [];
    private double[] _northings = [];
    private double[] _xs = [];
    private double[] _ys = [];
    private string _text = "";

    [GlobalSetup]
    public void LoadPoints()
    {
        var path = Environment.GetEnvironmentVariable(PointsVariable)
            ?? throw new InvalidOperationException($"Set {PointsVariable} (scripts/bench-projection.sh does).");
        var eastings = new List<double>(1_000_000);
        var northings = new List<double>(1_000_000);
        var text = new StringBuilder();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            northings.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
            eastings.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
            text.Append(parts[1]).Append(' ').Append(parts[0]).Append('\n');
        }
        _eastings = [.. eastings];
        _northings = [.. northings];
        _xs = new double[_eastings.Length];
        _ys = new double[_eastings.Length];
        _text = text.ToString();
    }

    [IterationSetup(Targets = [nameof(Bulk2326To3857), nameof(Bulk2326To4326)])]
    public void ResetOrdinates()
    {
        _eastings.CopyTo(_xs, 0);
        _northings.CopyTo(_ys, 0);
    }

    [Benchmark]
    public void Bulk2326To3857() => _toWebMercator.Transform(_xs, _ys);

    [Benchmark]
    public void Bulk2326To4326() => _toWgs84.Transform(_xs, _ys);

    [Benchmark]
    public int Text2326To4326() => _textToWgs84.Transform(new StringReader(_text), TextWriter.Null);
}
