using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace SpatialHub.Mapping.Styles;

public enum StyleLayerType { Background, Fill, Line, Circle, Symbol, Other }

/// <summary>One layer of a MapLibre style, with typed access to its paint and layout properties.</summary>
public sealed class StyleLayer
{
    private const int MaxRemembered = 512;
    private readonly JsonObject _paint;
    private readonly JsonObject _layout;

    /// <summary>Values of properties that depend on the zoom alone, per zoom: a render asks for the same circle colour
    /// for every one of hundreds of features, and evaluating the expression (and parsing the colour) each time was a
    /// large part of a raster tile's drawing time.</summary>
    private readonly ConcurrentDictionary<(string Property, Kind Kind, double Zoom), object?> _byZoom = new();
    private readonly HashSet<string> _perFeature;

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
        _perFeature = _paint.Concat(_layout).Where(p => StyleExpression.DependsOnFeature(p.Value)).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
    }

    private enum Kind { Paint, Layout, Colour }

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
        StyleExpression.ToNumber(Value(property, Kind.Paint, feature)) ?? fallback;

    public double Layout(string property, FeatureContext feature, double fallback) =>
        StyleExpression.ToNumber(Value(property, Kind.Layout, feature)) ?? fallback;

    public MapColour? Colour(string property, FeatureContext feature, MapColour? fallback = null) =>
        Value(property, Kind.Colour, feature) as MapColour? ?? fallback;

    public object? LayoutValue(string property, FeatureContext feature) => Value(property, Kind.Layout, feature);

    private object? Value(string property, Kind kind, FeatureContext feature)
    {
        var node = (kind == Kind.Layout ? _layout : _paint)[property];
        if (node is null)
        {
            return null;
        }
        if (_perFeature.Contains(property))
        {
            return Evaluated(node, kind, feature);
        }
        var key = (property, kind, feature.Zoom);
        if (_byZoom.TryGetValue(key, out var known))
        {
            return known;
        }
        // Static maps may ask at any zoom: keep the memory bounded.
        if (_byZoom.Count >= MaxRemembered)
        {
            _byZoom.Clear();
        }
        return _byZoom[key] = Evaluated(node, kind, feature);
    }

    private static object? Evaluated(JsonNode node, Kind kind, FeatureContext feature)
    {
        var value = StyleExpression.Evaluate(node, feature);
        return kind != Kind.Colour ? value : value switch
        {
            MapColour colour => colour,
            string text => MapColour.TryParse(text),
            _ => null,
        };
    }

    public bool LayoutFlag(string property, FeatureContext feature) => LayoutValue(property, feature) is true;

    public string LayoutText(string property, FeatureContext feature, string fallback) =>
        LayoutValue(property, feature) is string text ? text : fallback;

    /// <summary>A two-number layout property (<c>text-offset</c>), in ems.</summary>
    public (double X, double Y) LayoutPair(string property, FeatureContext feature) =>
        LayoutValue(property, feature) is JsonArray { Count: 2 } pair
            ? (StyleExpression.ToNumber(StyleExpression.Evaluate(pair[0], feature)) ?? 0, StyleExpression.ToNumber(StyleExpression.Evaluate(pair[1], feature)) ?? 0)
            : (0, 0);
}
