using System.Text.Json;

namespace SpatialHub.Core.Import;

/// <summary>What the GeoJSON reader says about the text it reads: the CRS a <c>crs</c> member names, and where and why
/// the JSON is invalid, in words for an import issue rather than System.Text.Json's.</summary>
internal static class GeoJsonText
{
    /// <summary>The 2008 forms: {"type":"name","properties":{"name":...}}, {"type":"EPSG","properties":{"code":n}}, or a link href.</summary>
    internal static string? CrsName(JsonElement crs)
    {
        if (crs.ValueKind != JsonValueKind.Object || !crs.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (properties.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            return name.GetString();
        }

        if (properties.TryGetProperty("code", out var code) && code.ValueKind is JsonValueKind.Number or JsonValueKind.String)
        {
            return $"EPSG:{code.ToString()}";
        }

        return properties.TryGetProperty("href", out var href) && href.ValueKind == JsonValueKind.String ? href.GetString() : null;
    }

    internal static string Position(JsonScanner scanner, JsonException e) =>
        e.LineNumber is null ? "at the end of the input" : $"at line {scanner.LineOf(e)}, byte {e.BytePositionInLine + 1}";

    internal static string MessageWithoutPosition(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd(' ', '|', '.') + ".";
    }

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
