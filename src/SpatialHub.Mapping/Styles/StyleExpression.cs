using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpatialHub.Mapping.Styles;

/// <summary>
/// Evaluates the subset of MapLibre style expressions that SpatialHub's styles use: <c>get</c>, <c>has</c>,
/// comparisons, <c>!</c>/<c>all</c>/<c>any</c>, <c>case</c>, <c>match</c>, <c>coalesce</c>, <c>interpolate</c>
/// (linear, exponential), <c>step</c>, <c>zoom</c>, type conversions and assertions, <c>concat</c>,
/// <c>upcase</c>/<c>downcase</c>, <c>geometry-type</c>, <c>id</c>, arithmetic, and legacy <c>{"stops": …}</c>
/// zoom functions. <c>feature-state</c> is always null: a rendered image has no hover. Numbers evaluate to double.
/// </summary>
public static class StyleExpression
{
    public static object? Evaluate(JsonNode? node, FeatureContext context) => node switch
    {
        null => null,
        JsonValue value => Literal(value),
        JsonArray array when array.Count > 0 && array[0] is JsonValue head && head.TryGetValue<string>(out var op) => Call(op, array, context),
        JsonArray array => array,
        JsonObject function when function["stops"] is JsonArray stops => ZoomFunction(function, stops, context),
        JsonObject other => other,
        _ => null,
    };

    public static double? Number(JsonNode? node, FeatureContext context) => ToNumber(Evaluate(node, context));

    /// <summary>False when the expression's value depends on the zoom alone (it reads no property, id, geometry type
    /// or state), so it can be evaluated once per zoom rather than once per feature. Errs towards true.</summary>
    internal static bool DependsOnFeature(JsonNode? node) => node switch
    {
        JsonArray { Count: > 0 } array when array[0] is JsonValue head && head.TryGetValue<string>(out var op)
            && op is "get" or "has" or "!has" or "in" or "!in" or "id" or "geometry-type" or "feature-state" or "properties" => true,
        JsonArray array => array.Any(DependsOnFeature),
        JsonObject function => function.ContainsKey("property") || function.Any(p => DependsOnFeature(p.Value)),
        _ => false,
    };

    public static bool IsTrue(JsonNode? filter, FeatureContext context) => filter is null || Evaluate(filter, context) is true;

    internal static object? Literal(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.Number => value.TryGetValue<double>(out var number) ? number : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static object? Call(string op, JsonArray a, FeatureContext c)
    {
        switch (op)
        {
            case "literal": return a.Count > 1 && a[1] is JsonValue v ? Literal(v) : a.Count > 1 ? a[1] : null;
            case "get": return c.Properties.TryGetValue(Evaluate(a[1], c) as string ?? "", out var p) ? Normalise(p) : null;
            case "has": return c.Properties.ContainsKey(Evaluate(a[1], c) as string ?? "");
            case "zoom": return c.Zoom;
            case "id": return Normalise(c.Id);
            case "geometry-type": return c.GeometryType;
            case "feature-state": return null;
            case "!": return Evaluate(a[1], c) is not true;
            case "all": return a.Skip(1).All(x => Evaluate(x, c) is true);
            case "any": return a.Skip(1).Any(x => Evaluate(x, c) is true);
            case "==": return Same(Evaluate(a[1], c), Evaluate(a[2], c));
            case "!=": return !Same(Evaluate(a[1], c), Evaluate(a[2], c));
            case "<" or "<=" or ">" or ">=": return Compare(op, Evaluate(a[1], c), Evaluate(a[2], c));
            case "case": return Case(a, c);
            case "match": return Match(a, c);
            case "coalesce": return a.Skip(1).Select(x => Evaluate(x, c)).FirstOrDefault(x => x is not null);
            case "interpolate": return Interpolate(a, c);
            case "step": return Step(a, c);
            case "to-string": return ToText(Evaluate(a[1], c));
            case "to-number": return a.Skip(1).Select(x => ToNumber(Evaluate(x, c))).FirstOrDefault(x => x is not null) ?? 0d;
            case "to-boolean": return Evaluate(a[1], c) is var b && b is not (null or false or "" or 0d);
            case "boolean": return a.Skip(1).Select(x => Evaluate(x, c)).FirstOrDefault(x => x is bool);
            case "number": return a.Skip(1).Select(x => Evaluate(x, c)).FirstOrDefault(x => x is double);
            case "string": return a.Skip(1).Select(x => Evaluate(x, c)).FirstOrDefault(x => x is string);
            case "concat": return string.Concat(a.Skip(1).Select(x => ToText(Evaluate(x, c))));
            case "upcase": return ToText(Evaluate(a[1], c)).ToUpperInvariant();
            case "downcase": return ToText(Evaluate(a[1], c)).ToLowerInvariant();
            case "+": return a.Skip(1).Sum(x => ToNumber(Evaluate(x, c)) ?? 0);
            case "*": return a.Skip(1).Aggregate(1d, (s, x) => s * (ToNumber(Evaluate(x, c)) ?? 0));
            case "-": return a.Count == 2 ? -(ToNumber(Evaluate(a[1], c)) ?? 0) : (ToNumber(Evaluate(a[1], c)) ?? 0) - (ToNumber(Evaluate(a[2], c)) ?? 0);
            case "/": return (ToNumber(Evaluate(a[1], c)) ?? 0) / (ToNumber(Evaluate(a[2], c)) ?? 1);
            // An operator outside the subset draws as if absent (the property's default) rather than failing the image.
            default: return null;
        }
    }

    private static object? Case(JsonArray a, FeatureContext c)
    {
        for (var i = 1; i + 1 < a.Count; i += 2)
        {
            if (Evaluate(a[i], c) is true)
            {
                return Evaluate(a[i + 1], c);
            }
        }
        return Evaluate(a[^1], c);
    }

    private static object? Match(JsonArray a, FeatureContext c)
    {
        var input = Evaluate(a[1], c);
        for (var i = 2; i + 1 < a.Count; i += 2)
        {
            var labels = a[i] is JsonArray many ? many.OfType<JsonValue>().Select(Literal) : [a[i] is JsonValue one ? Literal(one) : null];
            if (labels.Any(l => Same(l, input)))
            {
                return Evaluate(a[i + 1], c);
            }
        }
        return Evaluate(a[^1], c);
    }

    private static object? Interpolate(JsonArray a, FeatureContext c)
    {
        var kind = a[1] as JsonArray;
        var exponentBase = kind?[0]?.GetValue<string>() == "exponential" ? kind[1]!.GetValue<double>() : 1;
        var input = ToNumber(Evaluate(a[2], c)) ?? 0;
        var stops = Stops(a, 3, c);
        return InterpolateStops(stops, input, exponentBase);
    }

    private static object? ZoomFunction(JsonObject function, JsonArray stops, FeatureContext c)
    {
        var pairs = stops.OfType<JsonArray>().Select(s => (Input: s[0]!.GetValue<double>(), Output: Evaluate(s[1], c))).ToList();
        var exponentBase = function["base"] is JsonValue b ? b.GetValue<double>() : 1;
        return InterpolateStops(pairs, c.Zoom, exponentBase);
    }

    private static List<(double Input, object? Output)> Stops(JsonArray a, int from, FeatureContext c)
    {
        var stops = new List<(double, object?)>((a.Count - from) / 2);
        for (var i = from; i + 1 < a.Count; i += 2)
        {
            stops.Add((a[i]!.GetValue<double>(), Evaluate(a[i + 1], c)));
        }
        return stops;
    }

    private static object? InterpolateStops(List<(double Input, object? Output)> stops, double input, double exponentBase)
    {
        if (stops.Count == 0)
        {
            return null;
        }
        if (input <= stops[0].Input)
        {
            return stops[0].Output;
        }
        for (var i = 1; i < stops.Count; i++)
        {
            if (input <= stops[i].Input)
            {
                var (x0, y0) = stops[i - 1];
                var (x1, y1) = stops[i];
                var t = Fraction(input, x0, x1, exponentBase);
                return Blend(y0, y1, t);
            }
        }
        return stops[^1].Output;
    }

    private static double Fraction(double input, double x0, double x1, double exponentBase)
    {
        var span = x1 - x0;
        if (span == 0)
        {
            return 0;
        }
        return exponentBase == 1 ? (input - x0) / span : (Math.Pow(exponentBase, input - x0) - 1) / (Math.Pow(exponentBase, span) - 1);
    }

    private static object? Blend(object? from, object? to, double t)
    {
        if (ToNumber(from) is { } a && ToNumber(to) is { } b)
        {
            return a + ((b - a) * t);
        }
        if (from is string sa && to is string sb && MapColour.TryParse(sa) is { } ca && MapColour.TryParse(sb) is { } cb)
        {
            byte Mix(byte x, byte y) => (byte)Math.Round(x + ((y - x) * t));
            return new MapColour(Mix(ca.R, cb.R), Mix(ca.G, cb.G), Mix(ca.B, cb.B), ca.A + ((cb.A - ca.A) * t));
        }
        return t < 1 ? from : to;
    }

    private static object? Step(JsonArray a, FeatureContext c)
    {
        var input = ToNumber(Evaluate(a[1], c)) ?? 0;
        var result = Evaluate(a[2], c);
        for (var i = 3; i + 1 < a.Count; i += 2)
        {
            if (input < a[i]!.GetValue<double>())
            {
                break;
            }
            result = Evaluate(a[i + 1], c);
        }
        return result;
    }

    private static bool Same(object? x, object? y) =>
        ToNumber(x) is { } nx && x is not string && ToNumber(y) is { } ny && y is not string ? nx == ny : Equals(x, y);

    private static bool Compare(string op, object? x, object? y)
    {
        var order = x is string sx && y is string sy ? string.CompareOrdinal(sx, sy)
            : ToNumber(x) is { } nx && ToNumber(y) is { } ny ? nx.CompareTo(ny) : (int?)null;
        return order is { } o && op switch { "<" => o < 0, "<=" => o <= 0, ">" => o > 0, _ => o >= 0 };
    }

    /// <summary>Tile attributes arrive as long, float, string…: numbers become double so comparisons agree.</summary>
    internal static object? Normalise(object? value) => value switch
    {
        null or string or bool or double => value,
        int or long or float or ulong or uint or short or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static double? ToNumber(object? value) => value switch
    {
        double d => d,
        bool => null,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        IConvertible convertible and not string => Convert.ToDouble(convertible, CultureInfo.InvariantCulture),
        _ => null,
    };

    public static string ToText(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
