using System.Text.Json.Nodes;

namespace SpatialHub.Mapping.Styles;

/// <summary>Builds one complete MapLibre style from the per-dataset documents: every source made absolute
/// (it names the dataset's TileJSON), layers ordered by each dataset's <c>spatialhub:order</c> (areas below points),
/// and the legends and orders kept in <c>metadata["spatialhub:legends"]</c> and <c>["spatialhub:orders"]</c>
/// (dataset → value), so a client combining several documents can keep that order. Each dataset's presentation
/// settings (<see cref="Presentation"/>, defaults filled in) go to <c>["spatialhub:presentations"]</c> the same way.</summary>
public static class StyleComposer
{
    public static JsonObject Compose(IReadOnlyList<JsonObject> datasetStyles, string baseUrl, string name)
    {
        var sources = new JsonObject();
        var layers = new JsonArray();
        var legends = new JsonObject();
        var orders = new JsonObject();
        var presentations = new JsonObject();
        var ordered = datasetStyles.Select((style, index) => (style, index))
            .OrderBy(s => (double?)s.style["metadata"]?["spatialhub:order"] ?? 5).ThenBy(s => s.index).Select(s => s.style);
        foreach (var style in ordered)
        {
            foreach (var (id, source) in style["sources"] as JsonObject ?? [])
            {
                var copy = source!.DeepClone().AsObject();
                if ((string?)copy["url"] is { } url && url.StartsWith('/'))
                {
                    copy["url"] = baseUrl.TrimEnd('/') + url;
                }
                sources[id] = copy;
            }
            foreach (var layer in style["layers"] as JsonArray ?? [])
            {
                layers.Add(layer!.DeepClone());
            }
            if ((string?)style["metadata"]?["spatialhub:dataset"] is { } dataset && style["metadata"]?["spatialhub:legend"] is JsonArray legend)
            {
                legends[dataset] = legend.DeepClone();
                orders[dataset] = (double?)style["metadata"]?["spatialhub:order"] ?? 5;
                presentations[dataset] = Presentation.Of(style).ToJson();
            }
        }
        return new JsonObject
        {
            ["version"] = 8,
            ["name"] = name,
            ["metadata"] = new JsonObject { ["spatialhub:legends"] = legends, ["spatialhub:orders"] = orders, ["spatialhub:presentations"] = presentations },
            ["sources"] = sources,
            ["layers"] = layers,
        };
    }
}
