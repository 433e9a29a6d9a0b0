namespace SpatialHub.Core.Tiles;

/// <summary>PMTiles v3 tile ids: the position of (z, x, y) on the chain of Hilbert curves, one per zoom, starting at z0.
/// Neighbouring tiles get neighbouring ids, so a run of equal tiles (open sea, one big polygon) becomes one entry.</summary>
public static class PMTilesIds
{
    /// <summary>The highest zoom whose ids fit an unsigned 64-bit integer with room to spare (4^32 would not).</summary>
    public const int MaxZoom = 31;

    public static ulong FromTile(int z, long x, long y)
    {
        if (z is < 0 or > MaxZoom)
        {
            throw new ArgumentOutOfRangeException(nameof(z), z, $"PMTiles ids cover zooms 0-{MaxZoom}.");
        }
        var size = 1L << z;
        if (x < 0 || x >= size || y < 0 || y >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Tile {z}/{x}/{y} is outside zoom {z}.");
        }
        // Tiles of all lower zooms come first: 1 + 4 + ... + 4^(z-1) = (4^z - 1) / 3.
        var before = ((1UL << (2 * z)) - 1) / 3;
        ulong distance = 0;
        for (var s = size / 2; s > 0; s /= 2)
        {
            var rx = (x & s) > 0 ? 1L : 0L;
            var ry = (y & s) > 0 ? 1L : 0L;
            distance += (ulong)(s * s * ((3 * rx) ^ ry));
            // Rotate the quadrant so that the curve inside it starts where the previous one ended.
            if (ry == 0)
            {
                if (rx == 1)
                {
                    x = s - 1 - (x & (s - 1));
                    y = s - 1 - (y & (s - 1));
                }
                (x, y) = (y, x);
            }
        }
        return before + distance;
    }
}
