using NetTopologySuite.Geometries;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Layers;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Blazor;

/// <summary>The view arithmetic behind panning and zooming, and which feature a click hits.</summary>
internal static class MapInteraction
{
    /// <summary>Moves the map by (<paramref name="dx"/>, <paramref name="dy"/>) CSS pixels, then zooms by
    /// <paramref name="dz"/> keeping the place under (<paramref name="ax"/>, <paramref name="ay"/>) where it is.</summary>
    public static MapView Move(MapView view, int width, int height, double dx, double dy, double dz, double ax, double ay)
    {
        var viewport = new Viewport(view.Longitude, view.Latitude, view.Zoom, width, height);
        var (lon, lat) = viewport.ToLonLat(new ScreenPoint((width / 2.0) - dx, (height / 2.0) - dy));
        var zoom = Math.Clamp(view.Zoom + dz, MapView.MinZoom, MapView.MaxZoom);
        if (zoom != view.Zoom)
        {
            var panned = viewport with { Longitude = lon, Latitude = lat };
            var (anchorLon, anchorLat) = panned.ToLonLat(new ScreenPoint(ax, ay));
            var zoomed = panned with { Zoom = zoom };
            var moved = zoomed.ToScreen(anchorLon, anchorLat);
            (lon, lat) = zoomed.ToLonLat(new ScreenPoint((width / 2.0) + moved.X - ax, (height / 2.0) + moved.Y - ay));
        }
        lon = ((lon + 540) % 360) - 180;
        return new MapView(lon, Math.Clamp(lat, -Viewport.MaxLatitude, Viewport.MaxLatitude), zoom);
    }

    /// <summary>The topmost feature under a screen point: a point within its drawn radius (plus a finger's slack), or
    /// else an area containing the point. Buffer copies of points belong to the neighbouring tile and are skipped.
    /// The anchor (for a popup) is the point hit, or the clicked place in an area.</summary>
    public static (MapFeatureClick Click, (double Lon, double Lat) Anchor)? HitTest(Viewport viewport, IReadOnlyList<(StyleSheet Style, IReadOnlyList<FeatureBatch> Batches)> layers, ScreenPoint at)
    {
        const double slack = 4;
        (double Distance, Mapping.Tiles.MapFeature Feature, (double, double) At)? best = null;
        Mapping.Tiles.MapFeature? area = null;
        var (lon, lat) = viewport.ToLonLat(at);
        var where = new Point(lon, lat);
        foreach (var (style, batches) in layers)
        {
            foreach (var feature in batches.SelectMany(b => b.Features))
            {
                if (feature.GeometryType == "Polygon")
                {
                    if (area is null && feature.Geometry.Contains(where))
                    {
                        area = feature;
                    }
                    continue;
                }
                if (feature.GeometryType != "Point" || IsBufferCopy(feature))
                {
                    continue;
                }
                var radius = Radius(style, viewport.Zoom, feature) + slack;
                foreach (var c in feature.Geometry.Coordinates)
                {
                    var p = viewport.ToScreen(c.X, c.Y);
                    var distance = Math.Sqrt(((p.X - at.X) * (p.X - at.X)) + ((p.Y - at.Y) * (p.Y - at.Y)));
                    if (distance <= radius && (best is null || distance < best.Value.Distance))
                    {
                        best = (distance, feature, (c.X, c.Y));
                    }
                }
            }
        }
        var hit = best?.Feature ?? area;
        return hit is null ? null : (new MapFeatureClick(hit.SourceLayer, hit.Properties, hit.GeometryType, lon, lat), best?.At ?? (lon, lat));
    }

    private static bool IsBufferCopy(Mapping.Tiles.MapFeature feature) => feature.Properties.TryGetValue("_buffer", out var b) && b is true;

    /// <summary>The largest radius any circle layer of the feature's dataset draws it with.</summary>
    private static double Radius(StyleSheet style, double zoom, Mapping.Tiles.MapFeature feature)
    {
        var context = new FeatureContext(zoom, feature.Properties, feature.GeometryType, feature.Id);
        var radius = 0.0;
        foreach (var layer in style.Layers)
        {
            if (layer.Type == StyleLayerType.Circle && layer.SourceLayer == feature.SourceLayer && layer.ShowsAt(zoom) && layer.Selects(context))
            {
                radius = Math.Max(radius, layer.Paint("circle-radius", context, 5) + layer.Paint("circle-stroke-width", context, 0));
            }
        }
        return radius;
    }

    /// <summary>Features drawn inside the view per dataset (owning tile's copy only), for the page and its tests.</summary>
    public static string CountInView(Viewport viewport, IEnumerable<FeatureBatch> batches)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var feature in batches.SelectMany(b => b.Features))
        {
            if (IsBufferCopy(feature))
            {
                continue;
            }
            if (feature.GeometryType != "Point" || viewport.Bounds.Contains(viewport.ToScreen(feature.Geometry.Coordinate.X, feature.Geometry.Coordinate.Y)))
            {
                counts[feature.SourceLayer] = counts.GetValueOrDefault(feature.SourceLayer) + 1;
            }
        }
        return string.Join(' ', counts.Select(c => $"{c.Key}:{c.Value}"));
    }
}
