namespace SpatialHub.Core.Tiles;

/// <summary>Web Mercator (EPSG:3857) tile maths: the square world of side 2πR split into 2^z × 2^z tiles.</summary>
public static class WebMercator
{
    /// <summary>Half the side of the world square in metres (π × 6378137), as PostGIS's ST_TileEnvelope uses.</summary>
    public const double HalfWorld = 20037508.342789244;

    /// <summary>Latitude where the Mercator square ends; tiles do not reach the poles.</summary>
    public const double MaxLatitude = 85.0511287798066;

    /// <summary>Side of one tile at zoom <paramref name="z"/>, in metres.</summary>
    public static double TileSize(int z) => 2 * HalfWorld / TileCoord.TilesPerAxis(z);

    /// <summary>The tile's envelope in EPSG:3857 metres.</summary>
    public static MercatorBounds Bounds(TileCoord tile)
    {
        // Each edge from its own index, so that neighbours share their edges bit for bit.
        var size = TileSize(tile.Z);
        return new MercatorBounds(-HalfWorld + tile.X * size, HalfWorld - (tile.Y + 1) * size, -HalfWorld + (tile.X + 1) * size, HalfWorld - tile.Y * size);
    }

    /// <summary>The tile's envelope as WGS84 longitude/latitude (west, south, east, north).</summary>
    public static (double West, double South, double East, double North) LonLatBounds(TileCoord tile)
    {
        var n = (double)TileCoord.TilesPerAxis(tile.Z);
        return (tile.X / n * 360 - 180, Latitude(tile.Y + 1, n), (tile.X + 1) / n * 360 - 180, Latitude(tile.Y, n));
    }

    private static double Latitude(double row, double n) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * row / n))) * 180 / Math.PI;

    /// <summary>The tile holding a WGS84 position. Tiles are half-open (west and north edges belong to the tile);
    /// positions beyond the Mercator square are clamped to its edge tiles.</summary>
    public static TileCoord TileContaining(double longitude, double latitude, int z)
    {
        var n = TileCoord.TilesPerAxis(z);
        var lat = Math.Clamp(latitude, -MaxLatitude, MaxLatitude) * Math.PI / 180;
        var x = (long)Math.Floor((longitude + 180) / 360 * n);
        var y = (long)Math.Floor((1 - Math.Log(Math.Tan(lat) + 1 / Math.Cos(lat)) / Math.PI) / 2 * n);
        return TileCoord.Create(z, (int)Math.Clamp(x, 0, n - 1), (int)Math.Clamp(y, 0, n - 1));
    }

    /// <summary>Every tile at zoom <paramref name="z"/> that a WGS84 box (west, south, east, north) touches, row by row.</summary>
    public static IEnumerable<TileCoord> TilesCovering(double west, double south, double east, double north, int z)
    {
        if (west > east || south > north)
        {
            throw new ArgumentException($"Bounding box {west},{south},{east},{north} has its minimum above its maximum.");
        }
        var northWest = TileContaining(west, north, z);
        var southEast = TileContaining(east, south, z);
        for (var y = northWest.Y; y <= southEast.Y; y++)
        {
            for (var x = northWest.X; x <= southEast.X; x++)
            {
                yield return TileCoord.Create(z, x, y);
            }
        }
    }

    /// <summary>Number of tiles <see cref="TilesCovering"/> yields, without enumerating them.</summary>
    public static long CountCovering(double west, double south, double east, double north, int z)
    {
        var northWest = TileContaining(west, north, z);
        var southEast = TileContaining(east, south, z);
        return (long)(southEast.X - northWest.X + 1) * (southEast.Y - northWest.Y + 1);
    }
}

/// <summary>An axis-aligned box in EPSG:3857 metres.</summary>
public readonly record struct MercatorBounds(double MinX, double MinY, double MaxX, double MaxY);
