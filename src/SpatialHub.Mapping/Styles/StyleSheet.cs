using System.Text.Json.Nodes;

namespace SpatialHub.Mapping.Styles;

/// <summary>A parsed MapLibre style document: its layers in drawing order and SpatialHub's legend metadata.
/// Reads a single dataset's file from <c>tiles/</c> as well as a composed document from <c>/styles/{layers}</c>.</summary>
public sealed class StyleSheet
{
    public StyleSheet(JsonObject document)
    {
        Document = document;
        Name = (string?)document["name"] ?? "";
        Layers = (document["layers"] as JsonArray ?? []).OfType<JsonObject>().Select(l => new StyleLayer(l)).ToList();
        Legend = ReadLegend(document["metadata"] as JsonObject);
        var background = Layers.FirstOrDefault(l => l.Type == StyleLayerType.Background);
        Background = background?.Colour("background-color", FeatureContext.AtZoom(0));
    }

    public JsonObject Document { get; }
    public string Name { get; }
    public IReadOnlyList<StyleLayer> Layers { get; }
    public IReadOnlyList<LegendItem> Legend { get; }
    public MapColour? Background { get; }

    /// <summary>The datasets the style draws, in drawing order.</summary>
    public IEnumerable<string> Datasets => Layers.Select(l => l.Dataset).OfType<string>().Distinct();

    /// <summary>Builds a parsed document's lazy nodes now: a JsonObject read from JSON fills itself on first access,
    /// which is not safe from several threads at once; a document shared by concurrent renders must be built first.</summary>
    public static T Materialise<T>(T node) where T : JsonNode
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (child is not null)
                    {
                        Materialise(child);
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Materialise(child);
                    }
                }
                break;
        }
        return node;
    }

    public static StyleSheet Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new FormatException("A style document is a JSON object."));

    /// <summary>Legend items are kept per dataset: a single file has <c>spatialhub:dataset</c> + <c>spatialhub:legend</c>,
    /// a composed document <c>spatialhub:legends</c> (dataset → items).</summary>
    private static List<LegendItem> ReadLegend(JsonObject? metadata)
    {
        var items = new List<LegendItem>();
        if (metadata is null)
        {
            return items;
        }
        if ((string?)metadata["spatialhub:dataset"] is { } dataset && metadata["spatialhub:legend"] is JsonArray single)
        {
            items.AddRange(Items(dataset, single));
        }
        if (metadata["spatialhub:legends"] is JsonObject many)
        {
            foreach (var (id, entries) in many)
            {
                items.AddRange(Items(id, entries as JsonArray ?? []));
            }
        }
        return items;
    }

    private static IEnumerable<LegendItem> Items(string dataset, JsonArray entries) =>
        entries.OfType<JsonObject>().Select(e => new LegendItem(
            dataset, (string?)e["label"] ?? dataset, MapColour.TryParse((string?)e["colour"]) ?? MapColour.Black,
            (string?)e["shape"] ?? "point", (bool?)e["ring"] ?? false));
}
