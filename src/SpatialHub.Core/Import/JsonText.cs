using System.Runtime.InteropServices;
using System.Text.Json;

namespace SpatialHub.Core.Import;

/// <summary>Finds escaped lone surrogates (<c>"\ud800"</c>): valid JSON, but no .NET string can hold one and
/// PostgreSQL's jsonb refuses it, so a feature carrying one is an import issue rather than a failed statement.</summary>
internal static class JsonText
{
    /// <summary>True when a member of the feature (or, under <c>properties</c>, a property) holds a lone surrogate in
    /// a string or key; <paramref name="field"/> names that property or member (null when it is the key itself).</summary>
    public static bool HasLoneSurrogate(Dictionary<string, JsonElement> feature, out string? field)
    {
        foreach (var (member, value) in feature)
        {
            field = member;
            if (!MayHoldEscapes(value))
            {
                continue;
            }
            if (member != "properties" || value.ValueKind != JsonValueKind.Object)
            {
                if (!IsText(value))
                {
                    return true;
                }
                continue;
            }
            foreach (var property in value.EnumerateObject())
            {
                if (!TryName(property, out field) || !IsText(property.Value))
                {
                    return true;
                }
            }
        }
        field = null;
        return false;
    }

    /// <summary>Only a \u escape can put a lone surrogate into UTF-8 JSON text, and most values have none.</summary>
    private static bool MayHoldEscapes(JsonElement value) => JsonMarshal.GetRawUtf8Value(value).IndexOf("\\u"u8) >= 0;

    private static bool IsText(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    _ = value.GetString();
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }
            case JsonValueKind.Array:
                return value.EnumerateArray().All(IsText);
            case JsonValueKind.Object:
                return value.EnumerateObject().All(p => TryName(p, out _) && IsText(p.Value));
            default:
                return true;
        }
    }

    private static bool TryName(JsonProperty property, out string? name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = null;
            return false;
        }
    }
}
