namespace SpatialHub.Mapping.Geometry;

/// <summary>A point on the image, in CSS pixels from the top left (the backend scales by the pixel ratio).</summary>
public readonly record struct ScreenPoint(double X, double Y);

/// <summary>An axis-aligned rectangle on the image, in CSS pixels.</summary>
public readonly record struct ScreenRect(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;
    public double Height => Bottom - Top;

    public bool Intersects(in ScreenRect other) =>
        Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

    public bool Contains(ScreenPoint p) => p.X >= Left && p.X <= Right && p.Y >= Top && p.Y <= Bottom;

    public ScreenRect Inflate(double by) => new(Left - by, Top - by, Right + by, Bottom + by);
}
