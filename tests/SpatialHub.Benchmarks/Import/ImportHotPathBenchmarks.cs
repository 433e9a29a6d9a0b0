using BenchmarkDotNet.Attributes;
using NetTopologySuite.IO;
using SpatialHub.Core.Import;
using SpatialHub.PostGis.Import;

namespace SpatialHub.Benchmarks.Import;

/// <summary>
/// The in-process stages of an import, on the shipped Wi-Fi CSV (5,501 points, 12 fields): reading, reading with
/// preparation (validation and reprojection to WGS84 and Web Mercator), and encoding prepared features into COPY
/// BINARY values (<see cref="FeatureBatch"/>: jsonb properties and two hand-written EWKB geometries). The last method
/// is what Npgsql.NetTopologySuite's converter does per geometry value (<see cref="PostGisWriter"/>), for issue 12's
/// question whether the hand-written EWKB writer is still worth keeping.
/// </summary>
[MemoryDiagnoser]
public class ImportHotPathBenchmarks
{
    private byte[] _csv = [];
    private List<PreparedFeature> _features = [];
    private List<PreparedFeature> _geometriesOnly = [];
    private readonly FeatureBatch _batch = new();
    private readonly PostGisWriter _pluginWriter = new();

    [GlobalSetup]
    public void Load()
    {
        _csv = File.ReadAllBytes(Path.Combine(RepositoryRoot.Find(), "data-samples", "wifi-hk-fixed-locations-2023.csv"));
        _features = [.. new FeaturePreparer("wifi.csv").Prepare(Open()).Where(row => row.Feature is not null).Select(row => row.Feature!)];
        _geometriesOnly = [.. _features.Select(feature => feature with { Properties = new Dictionary<string, object?>() })];
    }

    private CsvFeatureReader Open() => new(new MemoryStream(_csv), new ReaderOptions("wifi.csv"));

    [Benchmark]
    public int ReadCsv() => Open().Read().Count();

    [Benchmark]
    public int ReadAndPrepare() => new FeaturePreparer("wifi.csv").Prepare(Open()).Count();

    [Benchmark]
    public int EncodeBatches() => Encode(_features);

    /// <summary>The same batches with empty properties: the hand-written EWKB of the two geometries (and "{}").</summary>
    [Benchmark(Baseline = true)]
    public int EncodeGeometriesOnly() => Encode(_geometriesOnly);

    private int Encode(List<PreparedFeature> features)
    {
        var rows = 0;
        foreach (var feature in features)
        {
            _batch.Add(feature);
            if (_batch.IsFull)
            {
                rows += _batch.Count;
                _batch.Clear();
            }
        }
        rows += _batch.Count;
        _batch.Clear();
        return rows;
    }

    /// <summary>The two geometry values only, as the Npgsql plugin would encode them (no properties).</summary>
    [Benchmark]
    public long PluginGeometryWrites()
    {
        long bytes = 0;
        foreach (var feature in _features)
        {
            feature.Wgs84.SRID = 4326;
            feature.WebMercator.SRID = 3857;
            bytes += _pluginWriter.Write(feature.Wgs84).Length + _pluginWriter.Write(feature.WebMercator).Length;
        }
        return bytes;
    }
}
