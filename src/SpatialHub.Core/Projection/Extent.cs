namespace SpatialHub.Core.Projection;

/// <summary>An axis-aligned box in one CRS's units (x = easting/longitude, y = northing/latitude), edges inclusive.</summary>
public readonly record struct Extent(double MinX, double MinY, double MaxX, double MaxY)
{
    /// <summary>True when the point lies inside or on the edge; false for NaN.</summary>
    public bool Contains(double x, double y) => x >= MinX && x <= MaxX && y >= MinY && y <= MaxY;
}
