using System.Globalization;

namespace SpatialHub.Core.Tiles;

/// <summary>One tile of the Web Mercator (XYZ, "slippy map") pyramid: zoom <see cref="Z"/>, column <see cref="X"/>
/// from the antimeridian eastwards, row <see cref="Y"/> from the north edge southwards.</summary>
public readonly record struct TileCoord
{
    /// <summary>Deepest zoom served. MapLibre over-zooms beyond a source's maxzoom; 22 is where its styles stop.</summary>
    public const int MaxZoom = 22;

    private TileCoord(int z, int x, int y) => (Z, X, Y) = (z, x, y);

    public int Z { get; }
    public int X { get; }
    public int Y { get; }

    /// <summary>Number of tiles along each axis at zoom <paramref name="z"/>.</summary>
    public static long TilesPerAxis(int z) => 1L << z;

    /// <summary>Throws <see cref="InvalidTileException"/> unless 0 ≤ z ≤ 22 and 0 ≤ x, y &lt; 2^z.</summary>
    public static TileCoord Create(int z, int x, int y)
    {
        if (z is < 0 or > MaxZoom)
        {
            throw new InvalidTileException($"Zoom {z} is outside 0..{MaxZoom}.");
        }
        var size = TilesPerAxis(z);
        if (x < 0 || x >= size || y < 0 || y >= size)
        {
            throw new InvalidTileException($"Tile {z}/{x}/{y} does not exist: at zoom {z}, x and y must be in 0..{size - 1}.");
        }
        return new TileCoord(z, x, y);
    }

    /// <summary>Parses the path segments of <c>/{z}/{x}/{y}</c>, where y may end in <c>.mvt</c> or <c>.pbf</c>.</summary>
    public static TileCoord Parse(string z, string x, string y)
    {
        var row = y;
        var dot = y.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            var suffix = y[(dot + 1)..];
            if (suffix is not ("mvt" or "pbf"))
            {
                throw new InvalidTileException($"Unsupported tile suffix '.{Shorten(suffix)}': use .mvt, .pbf or none.");
            }
            row = y[..dot];
        }
        return Create(ParseNumber(z, "zoom"), ParseNumber(x, "x"), ParseNumber(row, "y"));
    }

    private static int ParseNumber(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && text.Length <= 8
            ? value
            : throw new InvalidTileException($"Tile {what} '{Shorten(text)}' is not a non-negative integer.");

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Z}/{X}/{Y}");
}
