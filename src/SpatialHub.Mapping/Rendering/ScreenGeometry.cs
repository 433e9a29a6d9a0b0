using NetTopologySuite.Geometries;
using SpatialHub.Mapping.Geometry;

namespace SpatialHub.Mapping.Rendering;

/// <summary>WGS84 geometries to screen paths, and where an area's label goes.</summary>
internal static class ScreenGeometry
{
    public static List<IReadOnlyList<ScreenPoint>> Paths(NetTopologySuite.Geometries.Geometry geometry, ScreenProjection viewport)
    {
        var paths = new List<IReadOnlyList<ScreenPoint>>();
        Collect(geometry, viewport, paths);
        return paths;
    }

    private static void Collect(NetTopologySuite.Geometries.Geometry geometry, ScreenProjection viewport, List<IReadOnlyList<ScreenPoint>> paths)
    {
        switch (geometry)
        {
            case Polygon polygon:
                paths.Add(Project(polygon.ExteriorRing.CoordinateSequence, viewport));
                foreach (var hole in polygon.InteriorRings)
                {
                    paths.Add(Project(hole.CoordinateSequence, viewport));
                }
                break;
            case LineString line:
                paths.Add(Project(line.CoordinateSequence, viewport));
                break;
            case GeometryCollection collection:
                foreach (var part in collection.Geometries)
                {
                    Collect(part, viewport, paths);
                }
                break;
        }
    }

    private static ScreenPoint[] Project(CoordinateSequence sequence, ScreenProjection viewport)
    {
        var points = new ScreenPoint[sequence.Count];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = viewport.ToScreen(sequence.GetX(i), sequence.GetY(i));
        }
        return points;
    }

    /// <summary>A point inside the visible part of an area (its largest visible piece), with that piece's size; null
    /// when nothing of it is in <paramref name="window"/> (longitude/latitude box of the view).</summary>
    public static (Coordinate Anchor, double Area)? AreaAnchor(NetTopologySuite.Geometries.Geometry area, Envelope window)
    {
        if (!area.EnvelopeInternal.Intersects(window))
        {
            return null;
        }
        NetTopologySuite.Geometries.Geometry visible;
        try
        {
            visible = window.Covers(area.EnvelopeInternal) ? area : area.Intersection(area.Factory.ToGeometry(window));
        }
        catch (TopologyException)
        {
            // Tile clipping and simplification can leave self-intersections: repair once rather than lose the label.
            visible = area.Buffer(0).Intersection(area.Factory.ToGeometry(window));
        }
        var largest = Enumerable.Range(0, visible.NumGeometries).Select(visible.GetGeometryN)
            .Where(g => g is Polygon).MaxBy(g => g.Area);
        if (largest is null || largest.Area <= 0)
        {
            return null;
        }
        return (largest.InteriorPoint.Coordinate, largest.Area);
    }
}
