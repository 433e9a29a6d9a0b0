namespace SpatialHub.Core.Projection;

/// <summary>
/// Guesses which supported CRS a coordinate pair from Hong Kong data is in, from its magnitude alone.
/// Use it to suggest a CRS or to flag a mismatch, never to decide silently.
/// </summary>
/// <remarks>
/// The boxes are <see cref="HongKongExtent"/>'s and do not overlap, so at most one CRS matches. Things a single
/// point cannot tell apart: EPSG:4611 from EPSG:4326 (they differ by about 270 m; WGS 84 is guessed), and an
/// HK1980 pair with easting and northing swapped (both lie in 790–875 km; HK1980 Grid is guessed).
/// </remarks>
public static class CrsGuesser
{
    /// <summary>
    /// HK1980 Grid, WGS 84 or Web Mercator when (x, y) lies in Hong Kong in exactly that system's usual axis
    /// order (x = easting/longitude); otherwise null, including for latitude/longitude given the wrong way round
    /// (check <see cref="IsSwappedLatLon"/> to say so).
    /// </summary>
    public static Crs? Guess(double x, double y)
    {
        if (HongKongExtent.Hk1980Grid.Contains(x, y))
            return CrsRegistry.Hk1980Grid;
        if (HongKongExtent.Wgs84.Contains(x, y))
            return CrsRegistry.Wgs84;
        if (HongKongExtent.WebMercator.Contains(x, y))
            return CrsRegistry.WebMercator;
        return null;
    }

    /// <summary>True when (x, y) is a Hong Kong latitude/longitude pair in that order (x ≈ 22, y ≈ 114).</summary>
    public static bool IsSwappedLatLon(double x, double y) => HongKongExtent.ContainsLonLat(lon: y, lat: x);
}
