using System.Buffers;
using System.Text.Json;
using SpatialHub.Core.Projection;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Projection;

/// <summary>
/// Reprojects a JSON array of positions, or a GeoJSON object, token by token as the body arrives: nothing is held but
/// the path to the current token (and each open object's keys, to refuse duplicates). Positions are transformed where
/// GeoJSON puts them: <c>coordinates</c> of the root or of a <c>geometry</c>, <c>geometries</c> or <c>features</c>
/// member; everything else is copied. The root's <c>bbox</c> is dropped (it would be stale) and its <c>crs</c>, if any,
/// names the target CRS. Input is fed with <see cref="Feed"/> as often as needed.
/// </summary>
internal sealed class GeoJsonTransformer(Reprojector reprojector, int maxPoints, Utf8JsonWriter writer)
{
    private enum Kind
    {
        /// <summary>An object reached through GeoJSON members: its coordinates are transformed.</summary>
        GeoObject,

        /// <summary>An array of GeoJSON objects (features, geometries).</summary>
        GeoArray,

        /// <summary>An array under coordinates: a position, or an array of them, which its first element tells.</summary>
        Coordinates,

        /// <summary>A position: x and y are transformed, further ordinates copied.</summary>
        Position,

        /// <summary>Copied as it is.</summary>
        Copy,

        /// <summary>Dropped.</summary>
        Skip,
    }

    private sealed class Frame(Kind kind, bool isObject, bool isRoot = false)
    {
        public Kind Kind { get; set; } = kind;
        public bool IsObject { get; } = isObject;
        public bool IsRoot { get; } = isRoot;
        public HashSet<string>? Keys { get; } = isObject ? new(StringComparer.Ordinal) : null;

        /// <summary>The member whose value comes next (objects), or how many elements came so far (arrays).</summary>
        public string? Member { get; set; }
        public int Count { get; set; }
        public double X { get; set; }
    }

    private readonly Stack<Frame> _path = new();
    private long _offset;
    private bool _rootHasType;

    /// <summary>Positions transformed so far.</summary>
    public int Points { get; private set; }

    /// <summary>True once the root value is complete.</summary>
    public bool Done { get; private set; }

    /// <summary>True when the root is a GeoJSON object rather than an array of positions.</summary>
    public bool IsGeoJson { get; private set; }

    /// <summary>Consumes every whole token in <paramref name="input"/>; returns where the unread part starts.</summary>
    public SequencePosition Feed(ReadOnlySequence<byte> input, bool final, ref JsonReaderState state)
    {
        var reader = new Utf8JsonReader(input, final, state);
        while (reader.Read())
        {
            Token(ref reader);
        }
        _offset += reader.BytesConsumed;
        state = reader.CurrentState;
        return reader.Position;
    }

    private void Token(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.PropertyName:
                Member(ref reader);
                return;
            case JsonTokenType.EndObject or JsonTokenType.EndArray:
                End(ref reader);
                return;
        }
        if (_path.Count == 0)
        {
            Root(ref reader);
            return;
        }
        var parent = _path.Peek();
        var kind = parent.Kind switch
        {
            Kind.GeoObject => MemberKind(parent, reader.TokenType),
            Kind.GeoArray => reader.TokenType is JsonTokenType.StartObject ? Kind.GeoObject : reader.TokenType is JsonTokenType.StartArray ? Kind.GeoArray : Kind.Copy,
            Kind.Coordinates => Element(parent, ref reader),
            Kind.Position => Ordinate(parent, ref reader),
            _ => parent.Kind,
        };
        parent.Count++;
        Value(ref reader, kind);
    }

    private void Root(ref Utf8JsonReader reader)
    {
        IsGeoJson = reader.TokenType == JsonTokenType.StartObject;
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            throw new RequestValidationException("Invalid body", "Send a JSON array of [x, y] pairs or a GeoJSON object.");
        }
        writer.WriteStartObjectOrArray(IsGeoJson);
        _path.Push(new Frame(IsGeoJson ? Kind.GeoObject : Kind.Coordinates, IsGeoJson, isRoot: true));
    }

    private void Member(ref Utf8JsonReader reader)
    {
        var frame = _path.Peek();
        var name = Text(ref reader);
        if (!frame.Keys!.Add(name))
        {
            throw new RequestValidationException("Duplicate key", $"The key '{name}' appears twice in one object (byte {Offset(ref reader)}).");
        }
        frame.Member = name;
        if (frame.Kind == Kind.Skip || (frame.IsRoot && name == "bbox"))
        {
            return;
        }
        writer.WritePropertyName(name);
        if (frame.IsRoot && name == "crs")
        {
            writer.WriteStartObject();
            writer.WriteString("type", "name");
            writer.WriteStartObject("properties");
            writer.WriteString("name", $"urn:ogc:def:crs:EPSG::{reprojector.To.Srid}");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
    }

    /// <summary>What a GeoJSON object's member value is: transformed, copied or (the root's bbox and crs) dropped.</summary>
    private Kind MemberKind(Frame parent, JsonTokenType token)
    {
        if (parent.IsRoot && parent.Member == "type")
        {
            _rootHasType = token != JsonTokenType.Null;
        }
        return parent.Member switch
        {
            "bbox" or "crs" when parent.IsRoot => Kind.Skip,
            "coordinates" when token == JsonTokenType.StartArray => Kind.Coordinates,
            "geometry" or "geometries" or "features" when token == JsonTokenType.StartObject => Kind.GeoObject,
            "geometry" or "geometries" or "features" when token == JsonTokenType.StartArray => Kind.GeoArray,
            _ => Kind.Copy,
        };
    }

    /// <summary>An element of a coordinates array: its first element decides whether the array is a position.</summary>
    private Kind Element(Frame parent, ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return Kind.Coordinates;
        }
        if (parent.Count == 0 && reader.TokenType is not JsonTokenType.StartObject)
        {
            parent.Kind = Kind.Position;
            return Ordinate(parent, ref reader);
        }
        throw NotAPosition();
    }

    /// <summary>x is kept until y arrives; the pair is then written transformed. Further ordinates (z, m) are copied.</summary>
    private Kind Ordinate(Frame position, ref Utf8JsonReader reader)
    {
        if (position.Count >= 2)
        {
            return Kind.Copy;
        }
        if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
        {
            throw NotAPosition();
        }
        var value = Number(ref reader);
        if (position.Count == 0)
        {
            position.X = value;
            return Kind.Skip;
        }
        if (!double.IsFinite(position.X) || !double.IsFinite(value))
        {
            throw new RequestValidationException("Invalid coordinates", "Coordinates must be finite numbers.");
        }
        if (++Points > maxPoints)
        {
            throw new BadHttpRequestException($"At most {maxPoints:N0} points per request (SpatialHub:Transform:MaxPoints).",
                StatusCodes.Status413PayloadTooLarge);
        }
        var (x, y) = reprojector.Transform(position.X, value);
        writer.WriteNumberValue(x);
        writer.WriteNumberValue(y);
        return Kind.Skip;
    }

    private void Value(ref Utf8JsonReader reader, Kind kind)
    {
        var write = kind != Kind.Skip;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var isObject = reader.TokenType == JsonTokenType.StartObject;
                if (write)
                {
                    writer.WriteStartObjectOrArray(isObject);
                }
                _path.Push(new Frame(kind, isObject));
                return;
            case JsonTokenType.String:
                var text = Text(ref reader);
                if (write)
                {
                    writer.WriteStringValue(text);
                }
                return;
            default:
                if (write)
                {
                    writer.WriteRawValue(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, skipInputValidation: true);
                }
                return;
        }
    }

    private void End(ref Utf8JsonReader reader)
    {
        var frame = _path.Pop();
        if (frame.Kind == Kind.Position && frame.Count < 2)
        {
            throw NotAPosition();
        }
        if (frame.IsRoot && IsGeoJson && !_rootHasType)
        {
            throw new RequestValidationException("Invalid body", "Send a JSON array of [x, y] pairs or a GeoJSON object (with a type).");
        }
        if (frame.Kind != Kind.Skip)
        {
            writer.WriteEndObjectOrArray(frame.IsObject);
        }
        Done = _path.Count == 0;
    }

    private long Offset(ref Utf8JsonReader reader) => _offset + reader.TokenStartIndex;

    /// <summary>A string or key, refused when it is not Unicode text (a lone surrogate such as \ud800, or invalid UTF-8).</summary>
    private string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new RequestValidationException("Invalid string",
                $"The string at byte {Offset(ref reader)} is not valid Unicode text (a lone surrogate such as \\ud800, or invalid UTF-8).");
        }
    }

    private static double Number(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value)
            ? value
            : throw new RequestValidationException("Invalid coordinates",
                $"'{System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan)}' is not a number.");

    private static RequestValidationException NotAPosition() =>
        new("Invalid coordinates", "Expected a position [x, y] or an array of positions.");
}

internal static class Utf8JsonWriterExtensions
{
    public static void WriteStartObjectOrArray(this Utf8JsonWriter writer, bool isObject)
    {
        if (isObject)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartArray();
        }
    }

    public static void WriteEndObjectOrArray(this Utf8JsonWriter writer, bool isObject)
    {
        if (isObject)
        {
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteEndArray();
        }
    }
}
