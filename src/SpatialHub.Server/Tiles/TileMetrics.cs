using System.Diagnostics.Metrics;

namespace SpatialHub.Server.Tiles;

/// <summary>The tile instruments (Meter <c>SpatialHub.Tiles</c>), shown on <c>/metrics</c>.</summary>
public sealed class TileMetrics
{
    public const string MeterName = "SpatialHub.Tiles";

    private readonly Histogram<double> _renderDuration;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;
    private readonly Counter<long> _coalesced;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _reduced;

    public TileMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        // Request durations are ASP.NET Core's http.server.request.duration (route /tiles/{layers}/{z}/{x}/{y}).
        _renderDuration = meter.CreateHistogram("spatialhub.tiles.render.duration", "s", "Time PostGIS took to render a tile",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _hits = meter.CreateCounter<long>("spatialhub.tiles.cache.hits", description: "Tiles answered from the memory or disk cache");
        _misses = meter.CreateCounter<long>("spatialhub.tiles.cache.misses", description: "Tiles rendered by PostGIS");
        _coalesced = meter.CreateCounter<long>("spatialhub.tiles.coalesced", description: "Requests that waited for a render another request had started");
        _bytes = meter.CreateCounter<long>("spatialhub.tiles.bytes.served", "By", "Tile body bytes sent, as encoded");
        _reduced = meter.CreateCounter<long>("spatialhub.tiles.over.budget", description: "Renders that had to drop detail to fit the byte budget");
    }

    public void Rendered(double milliseconds, int detailLevel)
    {
        _renderDuration.Record(milliseconds / 1000);
        _misses.Add(1);
        if (detailLevel > 0)
        {
            _reduced.Add(1);
        }
    }

    public void Hit(string cache) => _hits.Add(1, new KeyValuePair<string, object?>("cache", cache));

    public void Coalesced() => _coalesced.Add(1);

    public void Served(long bytes, TileEncoding encoding) => _bytes.Add(bytes, EncodingTags[(int)encoding]);

    // Made once: tags are recorded on every tile response.
    private static readonly KeyValuePair<string, object?>[] EncodingTags =
        [new("encoding", "identity"), new("encoding", "gzip"), new("encoding", "brotli")];
}
