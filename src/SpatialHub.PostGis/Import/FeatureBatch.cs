using System.Buffers.Binary;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using SpatialHub.Core.Import;

namespace SpatialHub.PostGis.Import;

/// <summary>
/// A batch of features already encoded as COPY BINARY field values in one buffer: the jsonb binary format (a version
/// byte, then JSON text) and EWKB with the SRID (what PostGIS's geometry binary input reads). Encoding on one thread
/// while another sends the previous batch keeps both cores busy; one buffer per batch keeps allocation flat.
/// </summary>
internal sealed class FeatureBatch
{
    public const int Capacity = 2_000;
    private const byte JsonbVersion = 1;

    private readonly MemoryStream _buffer = new(256 * 1024);
    private readonly List<Row> _rows = new(Capacity);
    private readonly WKBWriter _wkbWriter = new(ByteOrder.LittleEndian, handleSRID: true, emitZ: false, emitM: false);
    private readonly Utf8JsonWriter _json;

    public FeatureBatch() => _json = new Utf8JsonWriter(_buffer);

    /// <summary>
    /// Benchmark switch for issue 12 item 6 (scripts/bench-import-geometry.sh): <c>SPATIALHUB_GEOMETRY_WRITER=plugin</c>
    /// hands the geometries to Npgsql.NetTopologySuite's writer at COPY time instead of encoding EWKB here, so the two
    /// are compared on whole imports in one run. Not a setting: the EWKB writer stays while the plugin costs more.
    /// </summary>
    internal static readonly bool PluginWritesGeometry = Environment.GetEnvironmentVariable("SPATIALHUB_GEOMETRY_WRITER") == "plugin";

    /// <summary>Where one row's three variable-length values sit in the buffer (or its geometries, for the plugin).</summary>
    public readonly record struct Row(long FeatureId, Range Properties, Range Wgs84, Range WebMercator, Geometry? Wgs84Geometry = null, Geometry? WebMercatorGeometry = null);

    public int Count => _rows.Count;

    public bool IsFull => _rows.Count >= Capacity;

    public void Add(PreparedFeature feature)
    {
        var properties = Append(() =>
        {
            _buffer.WriteByte(JsonbVersion);
            WriteProperties(feature.Properties);
        });
        if (PluginWritesGeometry)
        {
            (feature.Wgs84.SRID, feature.WebMercator.SRID) = (4326, 3857);
            _rows.Add(new Row(feature.FeatureId, properties, default, default, feature.Wgs84, feature.WebMercator));
            return;
        }
        var wgs84 = Append(() => WriteEwkb(feature.Wgs84, 4326));
        var webMercator = Append(() => WriteEwkb(feature.WebMercator, 3857));
        _rows.Add(new Row(feature.FeatureId, properties, wgs84, webMercator));
    }

    public void Clear()
    {
        _rows.Clear();
        _buffer.SetLength(0);
    }

    public IEnumerable<(Row Row, ReadOnlyMemory<byte> Buffer)> Rows()
    {
        ReadOnlyMemory<byte> buffer = _buffer.GetBuffer().AsMemory(0, (int)_buffer.Length);
        return _rows.Select(row => (row, buffer));
    }

    private Range Append(Action write)
    {
        var start = (int)_buffer.Length;
        write();
        return start..(int)_buffer.Length;
    }

    private void WriteEwkb(Geometry geometry, int srid)
    {
        if (geometry is Point { IsEmpty: false } point)
        {
            WritePointEwkb(point, srid);
            return;
        }
        geometry.SRID = srid;
        // WKBWriter.Write(Geometry, Stream) closes the stream it is given, so take the bytes instead.
        _buffer.Write(_wkbWriter.Write(geometry));
    }

    /// <summary>
    /// What <see cref="WKBWriter"/> writes for a 2D point with an SRID (little-endian EWKB: byte order, type 1 with the
    /// SRID flag, SRID, x, y), without its per-geometry array, stream and writer: one point per row on most imports.
    /// </summary>
    private void WritePointEwkb(Point point, int srid)
    {
        point.SRID = srid;
        Span<byte> ewkb = stackalloc byte[PointEwkbLength];
        ewkb[0] = 1; // little-endian
        BinaryPrimitives.WriteUInt32LittleEndian(ewkb[1..], 1u | EwkbSridFlag);
        BinaryPrimitives.WriteInt32LittleEndian(ewkb[5..], srid);
        BinaryPrimitives.WriteDoubleLittleEndian(ewkb[9..], point.X);
        BinaryPrimitives.WriteDoubleLittleEndian(ewkb[17..], point.Y);
        _buffer.Write(ewkb);
    }

    internal const int PointEwkbLength = 25;
    private const uint EwkbSridFlag = 0x20000000;

    private void WriteProperties(IReadOnlyDictionary<string, object?> properties)
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        foreach (var (name, value) in properties)
        {
            _json.WritePropertyName(name);
            PropertyValues.Write(_json, value);
        }
        _json.WriteEndObject();
        _json.Flush();
    }
}
