namespace SpatialHub.Core.Projection;

/// <summary>
/// Generous boxes around the Hong Kong SAR, land and waters, for plausibility checks and CRS guessing. Every
/// vertex of the 18 district boundaries lies inside; so do parts of Shenzhen and the Pearl River estuary, so
/// this is not a boundary test. Macau and anything a swapped axis or wrong CRS produces fall outside.
/// </summary>
public static class HongKongExtent
{
    /// <summary>WGS 84 longitude 113.75–114.55, latitude 22.13–22.58 (the districts span 113.82–114.50, 22.14–22.57).</summary>
    public static Extent Wgs84 { get; } = new(113.75, 22.13, 114.55, 22.58);

    /// <summary>
    /// HK1980 Grid easting 790000–875000, northing 795000–850000 metres (the districts span E 799187–869854,
    /// N 799837–847618), which covers the whole <see cref="Wgs84"/> box.
    /// </summary>
    public static Extent Hk1980Grid { get; } = new(790000, 795000, 875000, 850000);

    /// <summary>
    /// Web Mercator x 12662000–12752000, y 2527000–2582000 metres: <see cref="Wgs84"/> projected, rounded outwards.
    /// </summary>
    public static Extent WebMercator { get; } = new(12662000, 2527000, 12752000, 2582000);

    /// <summary>True when a WGS 84 longitude/latitude lies in <see cref="Wgs84"/>.</summary>
    public static bool ContainsLonLat(double lon, double lat) => Wgs84.Contains(lon, lat);

    /// <summary>True when an HK1980 Grid easting/northing lies in <see cref="Hk1980Grid"/>.</summary>
    public static bool ContainsGrid(double easting, double northing) => Hk1980Grid.Contains(easting, northing);
}
