using NetTopologySuite.Geometries;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Layers;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Mapping.Rendering;

/// <summary>What one render drew (for callers that check placement, such as tests).</summary>
public sealed record RenderResult(IReadOnlyList<PlacedLabel> Labels, int FeaturesDrawn);

/// <summary>
/// Draws a <see cref="Map"/> for a <see cref="Viewport"/> on any <see cref="IMapCanvas"/>: each style layer in order
/// (fills, lines, circles), then the labels of all symbol layers with collision avoidance, then the scale bar and
/// attribution. Lines and fills of a tile are clipped to it (tiles overlap by their buffer); points drawn once, by
/// the tile that owns them (SpatialHub marks buffer copies <c>_buffer</c>).
/// </summary>
public sealed class MapRenderer
{
    public async Task<RenderResult> RenderAsync(
        Map map, Viewport viewport, IMapCanvas canvas, RenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= RenderOptions.Default;
        var data = await Task.WhenAll(map.Layers.Select(l => l.FeaturesAsync(viewport, options.Margin, cancellationToken)));
        canvas.Clear(map.Background);
        var labels = new LabelPlacer(canvas, options.LabelsOncePerView);
        var (west, north) = viewport.ToLonLat(new ScreenPoint(0, 0));
        var (east, south) = viewport.ToLonLat(new ScreenPoint(viewport.Width, viewport.Height));
        var window = new Envelope(west, east, south, north);
        var drawn = 0;
        var layerIndex = 0;
        for (var i = 0; i < map.Layers.Count; i++)
        {
            foreach (var style in map.Layers[i].Style.Layers)
            {
                layerIndex++;
                if (!style.ShowsAt(viewport.Zoom))
                {
                    continue;
                }
                if (style.Type == StyleLayerType.Background)
                {
                    canvas.Clear(style.Colour("background-color", FeatureContext.AtZoom(viewport.Zoom)) ?? map.Background);
                    continue;
                }
                foreach (var batch in data[i])
                {
                    drawn += DrawBatch(canvas, viewport, style, layerIndex, batch, labels, window);
                }
            }
        }
        var placed = labels.PlaceAndDraw(viewport.Bounds);
        if (options.ScaleBar)
        {
            Decorations.ScaleBar(canvas, viewport, new ScreenPoint(8, viewport.Height - options.DecorationInset));
        }
        if (options.Attribution)
        {
            var room = options.ScaleBar ? viewport.Width - 124 : viewport.Width - 4;
            Decorations.Attribution(canvas, map.AttributionText, new ScreenPoint(viewport.Width - 2, viewport.Height - 2), Math.Max(room, 60));
        }
        if (options.NorthArrow)
        {
            NorthArrow.Draw(canvas, new ScreenPoint(viewport.Width - 8, 8));
        }
        return new RenderResult(placed, drawn);
    }

    private static int DrawBatch(
        IMapCanvas canvas, Viewport viewport, StyleLayer style, int layerIndex, FeatureBatch batch, LabelPlacer labels, Envelope window)
    {
        var clip = batch.Tile is { } tile && style.Type is StyleLayerType.Fill or StyleLayerType.Line;
        if (clip)
        {
            canvas.PushClip(viewport.TileRect(batch.Tile!.Value));
        }
        var drawn = 0;
        foreach (var feature in batch.Features)
        {
            if (feature.SourceLayer != style.SourceLayer)
            {
                continue;
            }
            var context = new FeatureContext(viewport.Zoom, feature.Properties, feature.GeometryType, feature.Id);
            if (!style.Selects(context))
            {
                continue;
            }
            drawn++;
            switch (style.Type)
            {
                case StyleLayerType.Circle when feature.GeometryType == "Point" && !(batch.Tile is not null && IsBufferCopy(feature)):
                    DrawCircles(canvas, viewport, style, context, feature.Geometry);
                    break;
                case StyleLayerType.Fill when feature.GeometryType == "Polygon":
                    DrawFill(canvas, viewport, style, context, feature.Geometry);
                    break;
                case StyleLayerType.Line when feature.GeometryType != "Point":
                    DrawLine(canvas, viewport, style, context, feature);
                    break;
                case StyleLayerType.Symbol when !(batch.Tile is not null && IsBufferCopy(feature)):
                    Label(canvas, viewport, style, layerIndex, context, feature, labels, window);
                    break;
                default:
                    drawn--;
                    break;
            }
        }
        if (clip)
        {
            canvas.PopClip();
        }
        return drawn;
    }

    private static bool IsBufferCopy(MapFeature feature) => feature.Properties.TryGetValue("_buffer", out var b) && b is true;

    private static void DrawCircles(IMapCanvas canvas, Viewport viewport, StyleLayer style, FeatureContext context, NetTopologySuite.Geometries.Geometry points)
    {
        var radius = style.Paint("circle-radius", context, 5);
        var opacity = style.Paint("circle-opacity", context, 1);
        var fill = style.Colour("circle-color", context, MapColour.Black)!.Value.WithOpacity(opacity);
        var strokeWidth = style.Paint("circle-stroke-width", context, 0);
        var stroke = strokeWidth > 0
            ? style.Colour("circle-stroke-color", context, MapColour.Black)!.Value.WithOpacity(style.Paint("circle-stroke-opacity", context, 1))
            : (MapColour?)null;
        var projection = viewport.Projection;
        var visible = viewport.Bounds.Inflate(radius + strokeWidth);
        foreach (var coordinate in points.Coordinates)
        {
            var centre = projection.ToScreen(coordinate.X, coordinate.Y);
            if (visible.Contains(centre))
            {
                canvas.DrawCircle(centre, radius, fill, stroke, strokeWidth);
            }
        }
    }

    private static void DrawFill(IMapCanvas canvas, Viewport viewport, StyleLayer style, FeatureContext context, NetTopologySuite.Geometries.Geometry area)
    {
        var opacity = style.Paint("fill-opacity", context, 1);
        var fill = style.Colour("fill-color", context, MapColour.Black)!.Value.WithOpacity(opacity);
        var outline = style.Colour("fill-outline-color", context)?.WithOpacity(opacity);
        canvas.DrawPath(ScreenGeometry.Paths(area, viewport.Projection), closed: true, fill, outline, outline is null ? 0 : 1);
    }

    private static void DrawLine(IMapCanvas canvas, Viewport viewport, StyleLayer style, FeatureContext context, MapFeature feature)
    {
        var colour = style.Colour("line-color", context, MapColour.Black)!.Value.WithOpacity(style.Paint("line-opacity", context, 1));
        var width = style.Paint("line-width", context, 1);
        canvas.DrawPath(ScreenGeometry.Paths(feature.Geometry, viewport.Projection), closed: feature.GeometryType == "Polygon", null, colour, width);
    }

    private static void Label(
        IMapCanvas canvas, Viewport viewport, StyleLayer style, int layerIndex, FeatureContext context, MapFeature feature,
        LabelPlacer labels, Envelope window)
    {
        var text = StyleExpression.ToText(style.LayoutValue("text-field", context));
        text = style.LayoutText("text-transform", context, "none") switch
        {
            "uppercase" => text.ToUpperInvariant(),
            "lowercase" => text.ToLowerInvariant(),
            _ => text,
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        ScreenPoint anchor;
        double weight = 0;
        string? unique = null;
        if (feature.GeometryType == "Point")
        {
            var c = feature.Geometry.Coordinates[0];
            anchor = viewport.ToScreen(c.X, c.Y);
        }
        else
        {
            var area = feature.GeometryType == "Polygon"
                ? ScreenGeometry.AreaAnchor(feature.Geometry, window)
                : (feature.Geometry.Centroid.Coordinate, feature.Geometry.Length);
            if (area is not { } found)
            {
                return;
            }
            anchor = viewport.ToScreen(found.Anchor.X, found.Anchor.Y);
            (weight, unique) = (found.Area, $"{style.Id}\n{text}");
        }
        var size = style.Layout("text-size", context, 16);
        var lineHeight = size * 1.2;
        var lines = Wrap(canvas, text, size, style.Layout("text-max-width", context, 10) * size);
        var width = lines.Max(l => canvas.MeasureText(l, size).Width);
        var metrics = canvas.MeasureText(text, size);
        var height = lines.Length * lineHeight;
        var (offsetX, offsetY) = style.LayoutPair("text-offset", context);
        var x = anchor.X + (offsetX * size);
        var y = anchor.Y + (offsetY * size);
        var (left, top) = style.LayoutText("text-anchor", context, "center") switch
        {
            "top" => (x - (width / 2), y),
            "bottom" => (x - (width / 2), y - height),
            "left" => (x, y - (height / 2)),
            "right" => (x - width, y - (height / 2)),
            _ => (x - (width / 2), y - (height / 2)),
        };
        var box = new ScreenRect(left, top, left + width, top + height);
        if (!viewport.Bounds.Intersects(box))
        {
            return; // wholly off the image: never seen, so it neither draws nor keeps a visible label out
        }
        var colour = style.Colour("text-color", context, MapColour.Black)!.Value.WithOpacity(style.Paint("text-opacity", context, 1));
        var haloWidth = style.Paint("text-halo-width", context, 0);
        labels.Add(new LabelCandidate(
            style.Id, layerIndex, text, lines, box, size, lineHeight,
            ((lineHeight - metrics.Ascent - metrics.Descent) / 2) + metrics.Ascent,
            colour, haloWidth > 0 ? style.Colour("text-halo-color", context) : null, haloWidth,
            style.LayoutFlag("text-allow-overlap", context), style.LayoutFlag("text-ignore-placement", context), unique, weight));
    }

    /// <summary>Breaks at spaces so no line is wider than <paramref name="maxWidth"/> (a single long word stays whole).</summary>
    private static string[] Wrap(IMapCanvas canvas, string text, double size, double maxWidth)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : $"{current} {word}";
            if (current.Length > 0 && canvas.MeasureText(candidate, size).Width > maxWidth)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }
        lines.Add(current);
        return [.. lines];
    }
}
