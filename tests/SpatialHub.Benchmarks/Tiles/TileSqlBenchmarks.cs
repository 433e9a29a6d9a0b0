using BenchmarkDotNet.Attributes;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Tiles;

namespace SpatialHub.Benchmarks.Tiles;

/// <summary>Building a tile's one statement (<see cref="TileSql.Build"/>) for one point layer, and for three layers
/// (points, lines, polygons) as a combined tile asks; done on every tile the caches miss.</summary>
[MemoryDiagnoser]
public class TileSqlBenchmarks
{
    private static readonly DateTimeOffset Imported = DateTimeOffset.UnixEpoch;
    private readonly TileQueryOptions _options = new();
    private readonly Dataset[] _one = [Layer("wifi-hk", "Point", 1)];
    private readonly Dataset[] _three = [Layer("wifi-hk", "Point", 1), Layer("roads", "MultiLineString", 2), Layer("districts", "MultiPolygon", 3)];

    private static Dataset Layer(string id, string geometryType, long version) =>
        new(id, id, null, null, 4326, geometryType, version, 1000, null, [new DatasetField("name", "text")], Imported);

    [Benchmark(Baseline = true)]
    public int OnePointLayerClustered() => TileSql.Build(_one, 12, null, _options, TileDetail.Full).Length;

    [Benchmark]
    public int OnePointLayerRaw() => TileSql.Build(_one, 16, null, _options, TileDetail.Full).Length;

    [Benchmark]
    public int ThreeLayers() => TileSql.Build(_three, 16, null, _options, TileDetail.Full).Length;
}
