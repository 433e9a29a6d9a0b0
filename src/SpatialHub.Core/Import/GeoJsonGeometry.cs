using System.Text.Json;
using NetTopologySuite.Geometries;

namespace SpatialHub.Core.Import;

/// <summary>A GeoJSON geometry that cannot be turned into a NetTopologySuite geometry.</summary>
internal sealed class GeoJsonGeometryException(string reason, string? value) : Exception(reason)
{
    public string? Value { get; } = value;
}

/// <summary>
/// Turns a GeoJSON geometry object (RFC 7946 section 3.1, all seven types) into a NetTopologySuite geometry.
/// Positions keep x and y; a third (height) or further number is dropped, as the map is 2D.
/// </summary>
internal static class GeoJsonGeometry
{
    private const int MaxShownLength = 80;

    /// <exception cref="GeoJsonGeometryException">The geometry breaks RFC 7946.</exception>
    public static Geometry Parse(JsonElement geometry, GeometryFactory factory)
    {
        if (geometry.ValueKind != JsonValueKind.Object)
        {
            throw Bad("the geometry is not an object", geometry);
        }

        var type = geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type == "GeometryCollection")
        {
            var members = Member(geometry, "geometries", JsonValueKind.Array);
            return factory.CreateGeometryCollection(members.EnumerateArray().Select(g => Parse(g, factory)).ToArray());
        }

        var coordinates = Member(geometry, "coordinates", JsonValueKind.Array);
        return type switch
        {
            "Point" => factory.CreatePoint(Position(coordinates)),
            "MultiPoint" => factory.CreateMultiPointFromCoords(Positions(coordinates)),
            "LineString" => factory.CreateLineString(LinePositions(coordinates)),
            "MultiLineString" => factory.CreateMultiLineString(
                Array.ConvertAll(Children(coordinates), c => factory.CreateLineString(LinePositions(c)))),
            "Polygon" => Polygon(coordinates, factory),
            "MultiPolygon" => factory.CreateMultiPolygon(Array.ConvertAll(Children(coordinates), c => Polygon(c, factory))),
            null => throw Bad("the geometry has no type", geometry),
            _ => throw Bad($"'{type}' is not a GeoJSON geometry type", geometry),
        };
    }

    private static JsonElement Member(JsonElement geometry, string name, JsonValueKind kind) =>
        geometry.TryGetProperty(name, out var member) && member.ValueKind == kind
            ? member
            : throw Bad($"the geometry has no '{name}' array", geometry);

    private static JsonElement[] Children(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToArray() : throw Bad("expected an array", array);

    private static Coordinate Position(JsonElement position)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2)
        {
            throw Bad("a position needs at least two numbers", position);
        }

        var (x, y) = (position[0], position[1]);
        return x.ValueKind == JsonValueKind.Number && y.ValueKind == JsonValueKind.Number
            && x.TryGetDouble(out var xv) && y.TryGetDouble(out var yv) && double.IsFinite(xv) && double.IsFinite(yv)
            ? new Coordinate(xv, yv)
            : throw Bad("a coordinate is not a number", position);
    }

    private static Coordinate[] Positions(JsonElement array) => Array.ConvertAll(Children(array), Position);

    private static Coordinate[] LinePositions(JsonElement array)
    {
        var positions = Positions(array);
        return positions.Length is 0 or >= 2 ? positions : throw Bad("a line string needs at least two positions", array);
    }

    private static Polygon Polygon(JsonElement rings, GeometryFactory factory)
    {
        var linearRings = Array.ConvertAll(Children(rings), r => factory.CreateLinearRing(Ring(r)));
        return linearRings.Length == 0
            ? factory.CreatePolygon()
            : factory.CreatePolygon(linearRings[0], linearRings[1..]);
    }

    private static Coordinate[] Ring(JsonElement ring)
    {
        var positions = Positions(ring);
        if (positions.Length < 4)
        {
            throw Bad("a polygon ring needs at least four positions", ring);
        }

        return positions[0].Equals2D(positions[^1]) ? positions : throw Bad("a polygon ring is not closed (its last position differs from its first)", ring);
    }

    private static GeoJsonGeometryException Bad(string reason, JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.Undefined ? null : value.GetRawText();
        return new GeoJsonGeometryException(reason, text is { Length: > MaxShownLength } ? string.Concat(text.AsSpan(0, MaxShownLength - 1), "…") : text);
    }
}
