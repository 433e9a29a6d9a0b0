using System.Globalization;
using System.Text.Json;

namespace SpatialHub.Core.Import.Services;

/// <summary>Turns an ArcGIS REST query page (ESRI JSON) into GeoJSON features, so that the project's GeoJSON reader
/// validates them like any other import. Dates (epoch milliseconds) become ISO 8601 text; polygon rings are grouped
/// by ESRI's rule: clockwise rings are exteriors, counter-clockwise ones holes of the exterior that contains them.</summary>
public static class EsriJson
{
    /// <summary>The EPSG code of the page's <c>spatialReference</c> (<c>latestWkid</c> before <c>wkid</c>); ESRI's
    /// own 102140 is HK1980 Grid. Null when the page names none.</summary>
    public static int? Srid(JsonElement page)
    {
        if (!page.TryGetProperty("spatialReference", out var reference) || reference.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var name in (string[])["latestWkid", "wkid"])
        {
            if (reference.TryGetProperty(name, out var wkid) && wkid.TryGetInt32(out var code))
            {
                return code == 102140 ? 2326 : code;
            }
        }
        return null;
    }

    /// <summary>True when the server holds more rows than this page returned.</summary>
    public static bool ExceededTransferLimit(JsonElement page) =>
        page.TryGetProperty("exceededTransferLimit", out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>The error an ArcGIS server reports with HTTP 200 (<c>{"error": {"code": 400, "message": …}}</c>), or null.</summary>
    public static string? Error(JsonElement page) =>
        page.ValueKind == JsonValueKind.Object && page.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            ? $"{(error.TryGetProperty("code", out var code) ? code.ToString() : "?")} {(error.TryGetProperty("message", out var message) ? message.GetString() : "")}".Trim()
            : null;

    /// <summary>Writes each feature of the page as a GeoJSON Feature; returns how many.</summary>
    public static int WriteFeatures(JsonElement page, Action<Action<Utf8JsonWriter>> writeFeature)
    {
        if (!page.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }
        var dates = DateFields(page);
        var count = 0;
        foreach (var feature in features.EnumerateArray())
        {
            writeFeature(writer => WriteFeature(writer, feature, dates));
            count++;
        }
        return count;
    }

    private static HashSet<string> DateFields(JsonElement page)
    {
        var dates = new HashSet<string>(StringComparer.Ordinal);
        if (page.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array)
        {
            foreach (var field in fields.EnumerateArray())
            {
                if (field.TryGetProperty("type", out var type) && type.GetString() == "esriFieldTypeDate" && field.TryGetProperty("name", out var name))
                {
                    dates.Add(name.GetString() ?? "");
                }
            }
        }
        return dates;
    }

    private static void WriteFeature(Utf8JsonWriter writer, JsonElement feature, HashSet<string> dates)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WritePropertyName("properties");
        writer.WriteStartObject();
        if (feature.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object)
        {
            foreach (var attribute in attributes.EnumerateObject())
            {
                if (dates.Contains(attribute.Name) && attribute.Value.TryGetInt64(out var milliseconds))
                {
                    writer.WriteString(attribute.Name, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                }
                else
                {
                    attribute.WriteTo(writer);
                }
            }
        }
        writer.WriteEndObject();
        writer.WritePropertyName("geometry");
        if (feature.TryGetProperty("geometry", out var geometry) && geometry.ValueKind == JsonValueKind.Object)
        {
            WriteGeometry(writer, geometry);
        }
        else
        {
            writer.WriteNullValue();
        }
        writer.WriteEndObject();
    }

    private static void WriteGeometry(Utf8JsonWriter writer, JsonElement geometry)
    {
        if (geometry.TryGetProperty("x", out var x) && geometry.TryGetProperty("y", out var y))
        {
            if (x.ValueKind != JsonValueKind.Number || y.ValueKind != JsonValueKind.Number)
            {
                writer.WriteNullValue(); // ArcGIS writes "x": "NaN" (or null) for an empty point
                return;
            }
            writer.WriteStartObject();
            writer.WriteString("type", "Point");
            writer.WritePropertyName("coordinates");
            writer.WriteStartArray();
            writer.WriteNumberValue(x.GetDouble());
            writer.WriteNumberValue(y.GetDouble());
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        else if (geometry.TryGetProperty("points", out var points))
        {
            WriteParts(writer, "MultiPoint", [points], 1);
        }
        else if (geometry.TryGetProperty("paths", out var paths))
        {
            var parts = paths.EnumerateArray().ToList();
            if (parts.Count == 1)
            {
                WriteParts(writer, "LineString", [parts[0]], 1);
            }
            else
            {
                WriteParts(writer, "MultiLineString", parts, 2);
            }
        }
        else if (geometry.TryGetProperty("rings", out var rings))
        {
            var polygons = GroupRings(rings.EnumerateArray().Select(Ring).ToList());
            writer.WriteStartObject();
            writer.WriteString("type", polygons.Count == 1 ? "Polygon" : "MultiPolygon");
            writer.WritePropertyName("coordinates");
            if (polygons.Count != 1)
            {
                writer.WriteStartArray();
            }
            foreach (var polygon in polygons)
            {
                writer.WriteStartArray();
                foreach (var ring in polygon)
                {
                    WritePositions(writer, ring);
                }
                writer.WriteEndArray();
            }
            if (polygons.Count != 1)
            {
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes <paramref name="parts"/> as a geometry whose coordinates nest <paramref name="depth"/>
    /// arrays above the positions (1: the part itself is the list of positions).</summary>
    private static void WriteParts(Utf8JsonWriter writer, string type, IReadOnlyList<JsonElement> parts, int depth)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WritePropertyName("coordinates");
        if (depth == 2)
        {
            writer.WriteStartArray();
        }
        foreach (var part in parts)
        {
            WritePositions(writer, Ring(part));
        }
        if (depth == 2)
        {
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WritePositions(Utf8JsonWriter writer, IReadOnlyList<(double X, double Y)> positions)
    {
        writer.WriteStartArray();
        foreach (var (px, py) in positions)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(px);
            writer.WriteNumberValue(py);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    private static List<(double X, double Y)> Ring(JsonElement positions) =>
        positions.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();

    /// <summary>ESRI's ring rule: clockwise (negative shoelace area, y up) rings are exteriors; each other ring is a
    /// hole of the first exterior that contains its first position.</summary>
    internal static List<List<List<(double X, double Y)>>> GroupRings(IReadOnlyList<List<(double X, double Y)>> rings)
    {
        var polygons = rings.Where(r => SignedArea(r) < 0).Select(r => new List<List<(double, double)>> { r }).ToList();
        if (polygons.Count == 0)
        {
            // A server that wrote its rings the other way round: each ring an exterior, rather than none.
            return rings.Select(r => new List<List<(double, double)>> { r }).ToList();
        }
        foreach (var hole in rings.Where(r => SignedArea(r) >= 0 && r.Count > 0))
        {
            var owner = polygons.FirstOrDefault(p => Contains(p[0], hole[0])) ?? polygons[0];
            owner.Add(hole);
        }
        return polygons;
    }

    private static double SignedArea(IReadOnlyList<(double X, double Y)> ring)
    {
        double sum = 0;
        for (var i = 0; i + 1 < ring.Count; i++)
        {
            sum += (ring[i].X * ring[i + 1].Y) - (ring[i + 1].X * ring[i].Y);
        }
        return sum / 2;
    }

    private static bool Contains(IReadOnlyList<(double X, double Y)> ring, (double X, double Y) point)
    {
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            if ((ring[i].Y > point.Y) != (ring[j].Y > point.Y)
                && point.X < ((ring[j].X - ring[i].X) * (point.Y - ring[i].Y) / (ring[j].Y - ring[i].Y)) + ring[i].X)
            {
                inside = !inside;
            }
        }
        return inside;
    }
}
