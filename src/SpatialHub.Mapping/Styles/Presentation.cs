using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SpatialHub.Mapping.Styles;

/// <summary>A text in English and Traditional Chinese (zh-HK); the other language stands in for a missing one.</summary>
public sealed record LocalisedText(string? En, string? ZhHk)
{
    public const string English = "en";
    public const string Chinese = "zh-HK";

    public string? For(string language) =>
        string.Equals(language, Chinese, StringComparison.OrdinalIgnoreCase) ? ZhHk ?? En : En ?? ZhHk;

    /// <summary>A plain string is the same in both languages; an object gives <c>en</c> and <c>zh-HK</c>.</summary>
    public static LocalisedText? Read(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) && text.Length > 0 => new(text, text),
        JsonObject obj when Text(obj[English]) is { } || Text(obj[Chinese]) is { } => new(Text(obj[English]), Text(obj[Chinese])),
        _ => null,
    };

    public JsonNode ToJson() => new JsonObject { [English] = En, [Chinese] = ZhHk };

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}

/// <summary>One attribute as a popup shows it: label, unit, whether its value is a link, and readable names for coded
/// values (<c>smt</c> → <c>SmarTone</c>).</summary>
public sealed record PresentationField(string Name, LocalisedText Label, string? Unit, bool Link, IReadOnlyDictionary<string, string> Values);

/// <summary>One row of a popup: the field, its label in the chosen language, the shown text, and the link target when
/// the field is a link and its value is an http(s) URL (anything else is shown as plain text, never as a link).</summary>
public sealed record PresentationRow(string Field, string Label, string Text, Uri? Link);

/// <summary>
/// How a dataset's features read in popups and lists, from <c>metadata["spatialhub:presentation"]</c> of its style
/// file under <c>tiles/</c> (shape in tiles/README.md): title, heading field, listed fields in order, hidden fields.
/// Fields neither listed nor hidden follow in their own order with a label made readable from their name. Pure: used
/// by the server (which passes it to the web map in <c>/styles</c>) and by .NET clients.
/// </summary>
public sealed class Presentation
{
    public const string MetadataKey = "spatialhub:presentation";

    public static readonly Presentation Empty = new(null, null, [], new HashSet<string>(StringComparer.Ordinal));

    private Presentation(LocalisedText? title, LocalisedText? titleField, IReadOnlyList<PresentationField> fields, IReadOnlySet<string> hidden)
    {
        Title = title;
        TitleField = titleField;
        Fields = fields;
        Hidden = hidden;
    }

    public LocalisedText? Title { get; }
    public LocalisedText? TitleField { get; }
    public IReadOnlyList<PresentationField> Fields { get; }
    public IReadOnlySet<string> Hidden { get; }

    /// <summary>Reads the settings; anything malformed (wrong type, nameless field) is skipped, never thrown, so a
    /// typo in one style file costs readable labels, not the map.</summary>
    public static Presentation Parse(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return Empty;
        }
        var fields = new List<PresentationField>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in obj["fields"] as JsonArray ?? [])
        {
            if (item is JsonObject field && (string?)Scalar(field["name"]) is { Length: > 0 } name && seen.Add(name))
            {
                var values = (field["values"] as JsonObject ?? [])
                    .Where(v => Scalar(v.Value) is not null)
                    .ToDictionary(v => v.Key, v => (string)Scalar(v.Value)!, StringComparer.Ordinal);
                fields.Add(new PresentationField(name, LocalisedText.Read(field["label"]) ?? Readable(name),
                    (string?)Scalar(field["unit"]), Scalar(field["link"]) == "true", values));
            }
        }
        var hidden = (obj["hidden"] as JsonArray ?? []).Select(Scalar).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new Presentation(LocalisedText.Read(obj["title"]), LocalisedText.Read(obj["titleField"]), fields, hidden);
    }

    /// <summary>The settings of a style document (a single dataset's file).</summary>
    public static Presentation Of(JsonObject style) => Parse(style["metadata"]?[MetadataKey]);

    /// <summary>A field name as a label: underscores and camelCase split, first letter capital
    /// (<c>NumberOfHotspots</c> → "Number of hotspots", <c>floor_area_m2</c> → "Floor area m2", <c>DC_ENG</c> → "DC ENG").</summary>
    public static LocalisedText Readable(string name)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var lowerBefore = i > 0 && char.IsLower(name[i - 1]);
            var upperRunEnds = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
            if (c is '_' or '-' or ' ' or '.')
            {
                Flush();
                continue;
            }
            if (char.IsUpper(c) && (lowerBefore || upperRunEnds))
            {
                Flush();
            }
            word.Append(c);
        }
        Flush();
        // Acronyms (all capitals) keep their case; other words after the first are lower case.
        var text = string.Join(' ', words.Select((w, i) => i == 0 || w.All(ch => !char.IsLower(ch)) ? w : w.ToLowerInvariant()));
        text = text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : name;
        return new LocalisedText(text, text);

        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
    }

    /// <summary>The popup heading of a feature, or null when the settings name no heading field or it is empty.</summary>
    public string? Heading(IReadOnlyDictionary<string, object?> properties, string language)
    {
        var field = TitleField?.For(language);
        return field is not null && properties.TryGetValue(field, out var value) && Format(value) is { Length: > 0 } text ? text : null;
    }

    /// <summary>The rows a popup shows, in order: listed fields, then the rest; hidden, empty and internal
    /// (<c>_</c>-prefixed, cluster) properties left out.</summary>
    public IReadOnlyList<PresentationRow> Rows(IReadOnlyDictionary<string, object?> properties, string language)
    {
        var rows = new List<PresentationRow>();
        var listed = Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            if (!Hidden.Contains(field.Name) && properties.TryGetValue(field.Name, out var value))
            {
                Add(field.Name, field, value);
            }
        }
        foreach (var (name, value) in properties)
        {
            if (!listed.Contains(name) && !Hidden.Contains(name) && !name.StartsWith('_') && name != "point_count")
            {
                Add(name, null, value);
            }
        }
        return rows;

        void Add(string name, PresentationField? field, object? value)
        {
            var text = Format(value);
            if (text.Length == 0)
            {
                return;
            }
            var link = field?.Link == true ? SafeLink(text) : null;
            if (link is null && field?.Values.TryGetValue(text, out var named) == true)
            {
                text = named;
            }
            if (link is null && field?.Unit is { Length: > 0 } unit)
            {
                text = $"{text} {unit}";
            }
            rows.Add(new PresentationRow(name, (field?.Label ?? Readable(name)).For(language) ?? name, text, link));
        }
    }

    /// <summary>Only absolute http and https URLs are links; <c>javascript:</c>, <c>data:</c> and the rest stay text.</summary>
    public static Uri? SafeLink(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri : null;

    /// <summary>The settings as served to the web map (labels in both languages, defaults filled in).</summary>
    public JsonObject ToJson() => new()
    {
        ["title"] = Title?.ToJson(),
        ["titleField"] = TitleField?.ToJson(),
        ["fields"] = new JsonArray(Fields.Select(f => (JsonNode)new JsonObject
        {
            ["name"] = f.Name,
            ["label"] = f.Label.ToJson(),
            ["unit"] = f.Unit,
            ["link"] = f.Link,
            ["values"] = new JsonObject(f.Values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))),
        }).ToArray()),
        ["hidden"] = new JsonArray(Hidden.Order(StringComparer.Ordinal).Select(h => (JsonNode)h).ToArray()),
    };

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        float f => f.ToString("0.######", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string? Scalar(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var s) ? s
        : value.TryGetValue<bool>(out var b) ? (b ? "true" : "false")
        : value.TryGetValue<double>(out var d) ? d.ToString(CultureInfo.InvariantCulture)
        : null
        : null;
}
