using System.Text.Json.Serialization;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Catalog;

namespace SpatialHub.Server.Tiles;

/// <summary>A TileJSON 3.0.0 document (https://github.com/mapbox/tilejson-spec/tree/master/3.0.0).</summary>
public sealed record TileJson(
    [property: JsonPropertyName("tilejson")] string Version,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("attribution")] string? Attribution,
    [property: JsonPropertyName("scheme")] string Scheme,
    [property: JsonPropertyName("tiles")] IReadOnlyList<string> Tiles,
    [property: JsonPropertyName("minzoom")] int MinZoom,
    [property: JsonPropertyName("maxzoom")] int MaxZoom,
    [property: JsonPropertyName("bounds")] IReadOnlyList<double> Bounds,
    [property: JsonPropertyName("center")] IReadOnlyList<double> Center,
    [property: JsonPropertyName("vector_layers")] IReadOnlyList<VectorLayer> VectorLayers)
{
    public static TileJson From(LayerSet set, string layers, string? within, string baseUrl, TilesOptions options)
    {
        var query = $"?v={set.VersionToken}" + (within is null ? "" : "&within=" + Uri.EscapeDataString(within));
        var bounds = UnionBounds(set.Datasets);
        var centerZoom = Math.Min(options.TileJsonMaxZoom, 10);
        var attribution = string.Join(" | ", set.Datasets.Select(d => AttributionHtml.Sanitize(d.Attribution)).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct());
        return new TileJson(
            "3.0.0",
            string.Join(", ", set.Datasets.Select(d => d.Title)),
            (set.Datasets is [{ Metadata.Description: { Length: > 0 } description }] ? description + " " : "")
                + $"SpatialHub vector tiles: {layers}" + (within is null ? "" : $" within {within}"),
            attribution.Length == 0 ? null : attribution,
            "xyz",
            [$"{baseUrl}/tiles/{layers}/{{z}}/{{x}}/{{y}}.pbf{query}"],
            0,
            options.TileJsonMaxZoom,
            bounds,
            [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, centerZoom],
            set.Datasets.Select(d => VectorLayer.From(d, options)).ToList());
    }

    /// <summary>The union of the datasets' WGS84 boxes; the whole Mercator world when none has one.</summary>
    private static double[] UnionBounds(IReadOnlyList<Dataset> datasets)
    {
        var boxes = datasets.Where(d => d.Bbox is { Count: 4 }).Select(d => d.Bbox!).ToList();
        return boxes.Count == 0
            ? [-180, -85.0511, 180, 85.0511]
            : [boxes.Min(b => b[0]), boxes.Min(b => b[1]), boxes.Max(b => b[2]), boxes.Max(b => b[3])];
    }
}

/// <summary>One layer of the tiles: its id (the dataset id), and its attributes typed the way styles know them.</summary>
public sealed record VectorLayer(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("minzoom")] int MinZoom,
    [property: JsonPropertyName("maxzoom")] int MaxZoom,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, string> Fields)
{
    public static VectorLayer From(Dataset dataset, TilesOptions options)
    {
        // In the source's order (the catalog's), as in items and CSV.
        var fields = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in dataset.Fields)
        {
            fields[field.Name] = field.Type switch
            {
                "integer" or "real" => "Number",
                "boolean" => "Boolean",
                _ => "String",
            };
        }
        if (dataset.GeometryType == "Point")
        {
            fields[TileSql.PointCountAttribute] = $"Number: points a cluster stands for (clusters below zoom {options.ClusterBelowZoom})";
            fields[TileSql.BufferAttribute] = "Boolean: true on a point drawn from a neighbouring tile's extent";
            foreach (var (name, description) in ClusterCategorySql.Fields(dataset.Id, options))
            {
                fields[name] = description;
            }
        }
        return new VectorLayer(dataset.Id, dataset.Title, 0, options.TileJsonMaxZoom, fields);
    }
}
