using System.Text.Json.Nodes;

namespace SpatialHub.Mapping.Styles;

public enum StyleLayerType { Background, Fill, Line, Circle, Symbol, Other }

/// <summary>One layer of a MapLibre style, with typed access to its paint and layout properties.</summary>
public sealed class StyleLayer
{
    private readonly JsonObject _paint;
    private readonly JsonObject _layout;

    public StyleLayer(JsonObject layer)
    {
        Id = (string?)layer["id"] ?? "";
        Type = (string?)layer["type"] switch
        {
            "background" => StyleLayerType.Background,
            "fill" => StyleLayerType.Fill,
            "line" => StyleLayerType.Line,
            "circle" => StyleLayerType.Circle,
            "symbol" => StyleLayerType.Symbol,
            _ => StyleLayerType.Other,
        };
        Source = (string?)layer["source"];
        SourceLayer = (string?)layer["source-layer"];
        Filter = layer["filter"];
        MinZoom = (double?)layer["minzoom"] ?? 0;
        MaxZoom = (double?)layer["maxzoom"] ?? 24;
        _paint = layer["paint"] as JsonObject ?? [];
        _layout = layer["layout"] as JsonObject ?? [];
        Dataset = (string?)layer["metadata"]?["spatialhub:dataset"] ?? SourceLayer;
        Visible = (string?)_layout["visibility"] != "none";
    }

    public string Id { get; }
    public StyleLayerType Type { get; }
    public string? Source { get; }
    public string? SourceLayer { get; }
    public JsonNode? Filter { get; }
    public double MinZoom { get; }
    public double MaxZoom { get; }
    public string? Dataset { get; }
    public bool Visible { get; }

    public bool ShowsAt(double zoom) => Visible && zoom >= MinZoom && zoom < MaxZoom;

    public bool Selects(FeatureContext feature) => StyleExpression.IsTrue(Filter, feature);

    public double Paint(string property, FeatureContext feature, double fallback) =>
        StyleExpression.Number(_paint[property], feature) ?? fallback;

    public double Layout(string property, FeatureContext feature, double fallback) =>
        StyleExpression.Number(_layout[property], feature) ?? fallback;

    public MapColour? Colour(string property, FeatureContext feature, MapColour? fallback = null) =>
        StyleExpression.Evaluate(_paint[property], feature) switch
        {
            MapColour colour => colour,
            string text => MapColour.TryParse(text) ?? fallback,
            _ => fallback,
        };

    public object? LayoutValue(string property, FeatureContext feature) => StyleExpression.Evaluate(_layout[property], feature);

    public bool LayoutFlag(string property, FeatureContext feature) => LayoutValue(property, feature) is true;

    public string LayoutText(string property, FeatureContext feature, string fallback) =>
        LayoutValue(property, feature) is string text ? text : fallback;

    /// <summary>A two-number layout property (<c>text-offset</c>), in ems.</summary>
    public (double X, double Y) LayoutPair(string property, FeatureContext feature) =>
        LayoutValue(property, feature) is JsonArray { Count: 2 } pair
            ? (StyleExpression.ToNumber(StyleExpression.Evaluate(pair[0], feature)) ?? 0, StyleExpression.ToNumber(StyleExpression.Evaluate(pair[1], feature)) ?? 0)
            : (0, 0);
}
