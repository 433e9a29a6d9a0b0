namespace SpatialHub.Mapping.Geometry;

/// <summary>
/// What the map shows: centre (WGS84), zoom, image size in CSS pixels, and the pixel ratio (2 for @2x images). Web
/// Mercator, like the tiles. The zoom is MapLibre's (the world is 512 × 2^zoom CSS pixels wide), so a view, a style's
/// <c>["zoom"]</c> and the vector tiles fetched agree with the web map; a 256-pixel XYZ tile z is MapLibre zoom z − 1.
/// </summary>
public sealed record Viewport(double Longitude, double Latitude, double Zoom, int Width, int Height, double PixelRatio = 1)
{
    public const double MaxLatitude = 85.0511287798066;
    private const double EarthCircumference = 40_075_016.685578488;

    public double WorldSize => 512 * Math.Pow(2, Zoom);

    public double CentreX => WorldX(Longitude, WorldSize);

    public double CentreY => WorldY(Latitude, WorldSize);

    /// <summary>Ground metres per CSS pixel at the centre.</summary>
    public double MetresPerPixel => EarthCircumference * Math.Cos(Latitude * Math.PI / 180) / WorldSize;

    public ScreenRect Bounds => new(0, 0, Width, Height);

    public ScreenPoint ToScreen(double longitude, double latitude) => Projection.ToScreen(longitude, latitude);

    /// <summary>The same projection with its zoom and centre worked out once, for drawing many coordinates.</summary>
    internal ScreenProjection Projection => new(WorldSize, CentreX - (Width / 2.0), CentreY - (Height / 2.0));

    public (double Longitude, double Latitude) ToLonLat(ScreenPoint point)
    {
        var x = point.X - (Width / 2.0) + CentreX;
        var y = point.Y - (Height / 2.0) + CentreY;
        var longitude = (x / WorldSize * 360) - 180;
        var latitude = Math.Atan(Math.Sinh(Math.PI * (1 - (2 * y / WorldSize)))) * 180 / Math.PI;
        return (longitude, latitude);
    }

    /// <summary>The screen rectangle of a tile of this viewport's projection.</summary>
    public ScreenRect TileRect(TileId tile)
    {
        var size = WorldSize / Math.Pow(2, tile.Z);
        var left = (tile.X * size) - CentreX + (Width / 2.0);
        var top = (tile.Y * size) - CentreY + (Height / 2.0);
        return new ScreenRect(left, top, left + size, top + size);
    }

    /// <summary>The tiles of zoom <paramref name="z"/> that cover the image and <paramref name="margin"/> pixels around it.</summary>
    public IEnumerable<TileId> Tiles(int z, double margin)
    {
        var count = 1 << z;
        var size = WorldSize / count;
        int Index(double world) => Math.Clamp((int)Math.Floor(world / size), 0, count - 1);
        var (x0, x1) = (Index(CentreX - (Width / 2.0) - margin), Index(CentreX + (Width / 2.0) + margin));
        var (y0, y1) = (Index(CentreY - (Height / 2.0) - margin), Index(CentreY + (Height / 2.0) + margin));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                yield return new TileId(z, x, y);
            }
        }
    }

    /// <summary>The viewport that shows a 256-pixel XYZ tile exactly (grown by <paramref name="buffer"/> on each side).</summary>
    public static Viewport ForTile(TileId tile, double pixelRatio, int buffer = 0)
    {
        var n = Math.Pow(2, tile.Z);
        var longitude = ((tile.X + 0.5) / n * 360) - 180;
        var latitude = Math.Atan(Math.Sinh(Math.PI * (1 - (2 * (tile.Y + 0.5) / n)))) * 180 / Math.PI;
        return new Viewport(longitude, latitude, tile.Z - 1, 256 + (2 * buffer), 256 + (2 * buffer), pixelRatio);
    }

    /// <summary>The largest zoom (at most <paramref name="maxZoom"/>) at which the box fits with <paramref name="padding"/> pixels spare.</summary>
    public static Viewport Fit(double minLon, double minLat, double maxLon, double maxLat, int width, int height,
        double pixelRatio = 1, double padding = 16, double maxZoom = 18)
    {
        var spanX = (WorldX(maxLon, 1) - WorldX(minLon, 1)) * 512;
        var spanY = (WorldY(minLat, 1) - WorldY(maxLat, 1)) * 512;
        var usableX = Math.Max(1, width - (2 * padding));
        var usableY = Math.Max(1, height - (2 * padding));
        var zoom = Math.Min(maxZoom, Math.Log2(Math.Min(usableX / Math.Max(spanX, 1e-9), usableY / Math.Max(spanY, 1e-9))));
        var centreX = (WorldX(minLon, 1) + WorldX(maxLon, 1)) / 2;
        var centreY = (WorldY(minLat, 1) + WorldY(maxLat, 1)) / 2;
        var longitude = (centreX * 360) - 180;
        var latitude = Math.Atan(Math.Sinh(Math.PI * (1 - (2 * centreY)))) * 180 / Math.PI;
        return new Viewport(longitude, latitude, Math.Max(0, zoom), width, height, pixelRatio);
    }

    internal static double WorldX(double longitude, double worldSize) => (longitude + 180) / 360 * worldSize;

    internal static double WorldY(double latitude, double worldSize)
    {
        var sin = Math.Sin(Math.Clamp(latitude, -MaxLatitude, MaxLatitude) * Math.PI / 180);
        return (0.5 - (Math.Log((1 + sin) / (1 - sin)) / (4 * Math.PI))) * worldSize;
    }
}

/// <summary>WGS84 to screen pixels for one viewport (world size and top-left corner in world pixels).</summary>
internal readonly record struct ScreenProjection(double WorldSize, double Left, double Top)
{
    public ScreenPoint ToScreen(double longitude, double latitude) =>
        new(Viewport.WorldX(longitude, WorldSize) - Left, Viewport.WorldY(latitude, WorldSize) - Top);
}
