using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace SpatialHub.Core.Filtering;

/// <summary>
/// cql2-json (OGC 21-065, cql2.json schema): <c>{"op": "and", "args": [...]}</c>, with <c>{"property": name}</c>,
/// strings, numbers, booleans, <c>{"date": …}</c>, <c>{"timestamp": …}</c>, <c>{"bbox": [...]}</c> and GeoJSON
/// geometries as arguments. Errors name the JSON pointer of the offending member (<c>/args/1</c>), or the line and
/// byte for JSON that does not parse.
/// </summary>
public static class Cql2JsonParser
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public static FilterNode Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = Cql2TextParser.MaxDepth * 3 });
        }
        catch (JsonException e)
        {
            throw new FilterException("not valid JSON", $"line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}");
        }
        using (document)
        {
            return Node(document.RootElement, "");
        }
    }

    private static FilterNode Node(JsonElement element, string at)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return new BooleanNode(element.GetBoolean());
        }
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String)
        {
            throw new FilterException("expected an object with \"op\" and \"args\"", Where(at));
        }
        var op = opElement.GetString()!;
        var args = element.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().ToList()
            : throw new FilterException("\"args\" must be an array", Where(at + "/args"));
        string Arg(int i) => $"{at}/args/{i}";
        void Count(int n)
        {
            if (args.Count != n)
            {
                throw new FilterException($"\"{op}\" takes {n} arguments, not {args.Count}", Where(at + "/args"));
            }
        }
        switch (op.ToLowerInvariant())
        {
            case "and" or "or":
                if (args.Count < 2)
                {
                    throw new FilterException($"\"{op}\" takes at least 2 arguments", Where(at + "/args"));
                }
                var operands = args.Select((arg, i) => Node(arg, Arg(i))).ToList();
                return op.Equals("and", StringComparison.OrdinalIgnoreCase) ? new AndNode(operands) : new OrNode(operands);
            case "not":
                Count(1);
                return new NotNode(Node(args[0], Arg(0)));
            case "=" or "<>" or "<" or ">" or "<=" or ">=":
                Count(2);
                return new ComparisonNode(Scalar(args[0], Arg(0)), ComparisonSymbols.Parse(op)!.Value, Scalar(args[1], Arg(1)));
            case "like":
                Count(2);
                return new LikeNode(Scalar(args[0], Arg(0)), Scalar(args[1], Arg(1)), false);
            case "between":
                Count(3);
                return new BetweenNode(Scalar(args[0], Arg(0)), Scalar(args[1], Arg(1)), Scalar(args[2], Arg(2)), false);
            case "in":
                Count(2);
                if (args[1].ValueKind != JsonValueKind.Array || args[1].GetArrayLength() == 0)
                {
                    throw new FilterException("\"in\" takes a value and a non-empty array", Where(Arg(1)));
                }
                return new InNode(Scalar(args[0], Arg(0)), args[1].EnumerateArray().Select((v, i) => Scalar(v, $"{Arg(1)}/{i}")).ToList(), false);
            case "isnull":
                Count(1);
                return new IsNullNode(Scalar(args[0], Arg(0)), false);
            case "s_intersects":
                Count(2);
                return new IntersectsNode(Geometry(args[0], Arg(0)), Geometry(args[1], Arg(1)));
            default:
                throw new FilterException($"operator \"{Shorten(op)}\" is not supported; use and, or, not, =, <>, <, >, <=, >=, like, between, in, isNull or s_intersects", Where(at + "/op"));
        }
    }

    private static Operand Scalar(JsonElement element, string at)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return new LiteralOperand(element.GetString()!, Where(at));
            case JsonValueKind.Number:
                return new LiteralOperand(element.GetDouble(), Where(at));
            case JsonValueKind.True or JsonValueKind.False:
                return new LiteralOperand(element.GetBoolean(), Where(at));
            case JsonValueKind.Object when element.TryGetProperty("property", out var name) && name.ValueKind == JsonValueKind.String:
                return new PropertyOperand(name.GetString()!, Where(at));
            case JsonValueKind.Object when element.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.String:
                return new LiteralOperand(Cql2TextParser.Temporal(true, date.GetString()!, Where(at)), Where(at));
            case JsonValueKind.Object when element.TryGetProperty("timestamp", out var instant) && instant.ValueKind == JsonValueKind.String:
                return new LiteralOperand(Cql2TextParser.Temporal(false, instant.GetString()!, Where(at)), Where(at));
            case JsonValueKind.Object when element.TryGetProperty("op", out _):
                throw new FilterException("a nested predicate or function is not supported as a value here", Where(at));
            default:
                throw new FilterException("expected a value (string, number, boolean, {\"date\"}, {\"timestamp\"}) or {\"property\": name}", Where(at));
        }
    }

    private static Operand Geometry(JsonElement element, string at)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("property", out _))
        {
            return Scalar(element, at);
        }
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("bbox", out var bbox) && bbox.ValueKind == JsonValueKind.Array)
        {
            var numbers = bbox.EnumerateArray().Select(n => n.ValueKind == JsonValueKind.Number ? n.GetDouble()
                : throw new FilterException("bbox values must be numbers", Where(at + "/bbox"))).ToList();
            return new GeometryOperand(FilterGeometry.Box(numbers, Where(at + "/bbox")), Where(at));
        }
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("type", out _))
        {
            try
            {
                return element.Deserialize<Geometry>(GeoJson) is { } geometry
                    ? new GeometryOperand(geometry, Where(at))
                    : throw new FilterException("expected a GeoJSON geometry", Where(at));
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
            {
                throw new FilterException($"invalid GeoJSON geometry: {Shorten(e.Message)}", Where(at));
            }
        }
        throw new FilterException("expected a geometry: {\"property\": …}, {\"bbox\": […]} or a GeoJSON geometry", Where(at));
    }

    private static string Where(string pointer) => $"JSON pointer '{(pointer.Length == 0 ? "/" : pointer)}'";

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
