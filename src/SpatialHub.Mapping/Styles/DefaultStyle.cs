using System.Text;
using System.Text.Json.Nodes;

namespace SpatialHub.Mapping.Styles;

/// <summary>The style of a dataset that has no file in the styles directory: drawn by its geometry type, in a colour
/// that depends only on its id (so it keeps its colour across restarts, machines and layer sets).</summary>
public static class DefaultStyle
{
    private static readonly string[] Palette = ["#2b8a3e", "#1864ab", "#862e9c", "#a61e4d", "#5f3dc4", "#0b7285", "#5c940d", "#c92a2a"];

    public static string ColourOf(string datasetId)
    {
        // FNV-1a: string.GetHashCode is randomised per process.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(datasetId))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return Palette[hash % (uint)Palette.Length];
    }

    public static JsonObject Create(string datasetId, string? title, string? geometryType)
    {
        var colour = ColourOf(datasetId);
        var type = (geometryType ?? "").ToLowerInvariant();
        var polygon = type.Contains("polygon", StringComparison.Ordinal);
        var line = !polygon && type.Contains("line", StringComparison.Ordinal);
        JsonArray layers = polygon
            ?
            [
                Layer(datasetId, "fill", "fill", null, new JsonObject { ["fill-color"] = colour, ["fill-opacity"] = Hovered(0.35, 0.15) }),
                Layer(datasetId, "outline", "line", null, new JsonObject { ["line-color"] = colour, ["line-width"] = 1.5 }, interactive: false),
            ]
            : line
                ? [Layer(datasetId, "lines", "line", null, new JsonObject { ["line-color"] = colour, ["line-width"] = Hovered(4, 2) })]
                :
                [
                    Layer(datasetId, "clusters", "circle", new JsonArray("has", "point_count"), new JsonObject
                    {
                        ["circle-color"] = colour,
                        ["circle-opacity"] = 0.8,
                        ["circle-radius"] = new JsonArray("interpolate", new JsonArray("linear"), new JsonArray("get", "point_count"), 2, 8, 50, 12, 500, 18, 3000, 24),
                        ["circle-stroke-color"] = "#ffffff",
                        ["circle-stroke-width"] = 1.5,
                    }),
                    Layer(datasetId, "cluster-counts", "symbol", new JsonArray("has", "point_count"), new JsonObject
                    {
                        ["text-color"] = "#ffffff", ["text-halo-color"] = "rgba(0,0,0,0.45)", ["text-halo-width"] = 1,
                    }, interactive: false, layout: new JsonObject
                    {
                        ["text-field"] = new JsonArray("to-string", new JsonArray("get", "point_count")),
                        ["text-font"] = new JsonArray("Liberation Sans", "DejaVu Sans", "Arial", "sans-serif"),
                        ["text-size"] = 12,
                    }),
                    Layer(datasetId, "points", "circle", new JsonArray("!", new JsonArray("has", "point_count")), new JsonObject
                    {
                        ["circle-color"] = colour, ["circle-radius"] = 5, ["circle-stroke-color"] = "#ffffff", ["circle-stroke-width"] = 1,
                    }),
                ];
        var document = new JsonObject
        {
            ["version"] = 8,
            ["name"] = title ?? datasetId,
            ["metadata"] = new JsonObject
            {
                ["spatialhub:dataset"] = datasetId,
                ["spatialhub:order"] = polygon ? 0 : 5,
                ["spatialhub:legend"] = new JsonArray(new JsonObject
                {
                    ["label"] = title ?? datasetId, ["colour"] = colour, ["shape"] = polygon || line ? "line" : "point",
                }),
                ["spatialhub:generated"] = true,
            },
            ["sources"] = new JsonObject { [datasetId] = new JsonObject { ["type"] = "vector", ["url"] = $"/tiles/{datasetId}" } },
            ["layers"] = layers,
        };
        // Re-parsed so every number is a JSON number like in a file (nodes built from int refuse a double read).
        return StyleSheet.Materialise(JsonNode.Parse(document.ToJsonString())!.AsObject());
    }

    private static JsonArray Hovered(double hovered, double normal) =>
        new("case", new JsonArray("boolean", new JsonArray("feature-state", "hover"), false), hovered, normal);

    private static JsonObject Layer(
        string dataset, string suffix, string type, JsonArray? filter, JsonObject paint, bool interactive = true, JsonObject? layout = null)
    {
        var layer = new JsonObject
        {
            ["id"] = $"{dataset}:{suffix}",
            ["source"] = dataset,
            ["source-layer"] = dataset,
            ["metadata"] = new JsonObject { ["spatialhub:dataset"] = dataset, ["spatialhub:interactive"] = interactive },
            ["type"] = type,
        };
        if (filter is not null)
        {
            layer["filter"] = filter;
        }
        if (layout is not null)
        {
            layer["layout"] = layout;
        }
        layer["paint"] = paint;
        return layer;
    }
}
