using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace SpatialHub.PostGis.Import;

/// <summary>Encodes features for binary COPY: attributes as JSON text (jsonb), geometries as EWKB with the SRID
/// (what PostGIS's geometry binary input reads). Reuses its buffers; one per import, not thread-safe.</summary>
internal sealed class FeatureEncoder
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly WKBWriter _wkbWriter = new(ByteOrder.LittleEndian, handleSRID: true, emitZ: false, emitM: false);

    public byte[] Ewkb(Geometry geometry, int srid)
    {
        geometry.SRID = srid;
        return _wkbWriter.Write(geometry);
    }

    public string PropertiesJson(IReadOnlyDictionary<string, object?> properties)
    {
        _buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(_buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                json.WritePropertyName(name);
                WriteValue(json, value);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case double:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case DateOnly date:
                json.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
