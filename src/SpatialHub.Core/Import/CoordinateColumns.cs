using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Import;

/// <summary>Which columns of a delimited file hold x and y, and the CRS their names imply.</summary>
/// <param name="XIndex">0-based column of x (easting or longitude).</param>
/// <param name="YIndex">0-based column of y (northing or latitude).</param>
/// <param name="ImpliedCrs">HK1980 Grid for projected names, WGS 84 for geographic ones, null for names that say nothing.</param>
internal sealed record CoordinateColumns(int XIndex, int YIndex, Crs? ImpliedCrs)
{
    /// <summary>
    /// Known (x, y) header pairs, matched ignoring case and surrounding spaces, first match wins. Projected pairs
    /// come first: CSDI publishes HK1980 Grid as the source of truth and lat/lon beside it as a derived convenience.
    /// X/Y count as projected because that is how CSDI and Lands Department files use them.
    /// </summary>
    private static readonly (string X, string Y, Crs Crs)[] _knownPairs =
    [
        ("Easting", "Northing", CrsRegistry.Hk1980Grid),
        ("East", "North", CrsRegistry.Hk1980Grid),
        ("E", "N", CrsRegistry.Hk1980Grid),
        ("LP_EAST", "LP_NORTH", CrsRegistry.Hk1980Grid),
        ("X", "Y", CrsRegistry.Hk1980Grid),
        ("Longitude", "Latitude", CrsRegistry.Wgs84),
        ("Lon", "Lat", CrsRegistry.Wgs84),
        ("Lng", "Lat", CrsRegistry.Wgs84),
        ("Long", "Lat", CrsRegistry.Wgs84),
        ("LP_LONG", "LP_LAT", CrsRegistry.Wgs84),
        ("LP_LON", "LP_LAT", CrsRegistry.Wgs84),
    ];

    /// <summary>True for a column name of a known coordinate pair: a number, but not one to add up.</summary>
    public static bool IsCoordinateName(string name) =>
        _knownPairs.Any(p => string.Equals(p.X, name.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(p.Y, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds the first known pair in the header, of the kind asked for.</summary>
    public static CoordinateColumns? Find(IReadOnlyList<string> header, PositionFrom from = PositionFrom.Auto)
    {
        foreach (var (x, y, crs) in _knownPairs)
        {
            var (xIndex, yIndex) = (IndexOf(header, x), IndexOf(header, y));
            if (xIndex >= 0 && yIndex >= 0 && from.Accepts(crs))
            {
                return new CoordinateColumns(xIndex, yIndex, crs);
            }
        }

        return null;
    }

    /// <summary>The columns the user named; the CRS is implied only when the names are a known pair.</summary>
    public static CoordinateColumns? Named(IReadOnlyList<string> header, string xField, string yField)
    {
        var (xIndex, yIndex) = (IndexOf(header, xField), IndexOf(header, yField));
        if (xIndex < 0 || yIndex < 0)
        {
            return null;
        }

        var known = _knownPairs.FirstOrDefault(p => Same(p.X, xField) && Same(p.Y, yField));
        return new CoordinateColumns(xIndex, yIndex, known.Crs);
    }

    public static int IndexOf(IReadOnlyList<string> header, string name)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (Same(header[i], name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Same(string a, string b) => a.Trim().Equals(b.Trim(), StringComparison.OrdinalIgnoreCase);
}
