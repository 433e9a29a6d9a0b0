using SpatialHub.Core.Projection;
using SpatialHub.PostGis.Features;

namespace SpatialHub.Server.Features;

/// <summary>
/// The coordinate reference systems items can answer in and take a <c>bbox</c> in (OGC API – Features Part 2,
/// CRS by reference), by their OGC URIs. EPSG:4326 is the same datum as CRS84 with the EPSG axis order, latitude
/// first; the projected systems are written to the millimetre.
/// </summary>
internal static class OgcCrs
{
    public const string Crs84 = OgcApi.Crs84;
    public const string Epsg4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
    public const string Epsg3857 = "http://www.opengis.net/def/crs/EPSG/0/3857";
    public const string Epsg2326 = "http://www.opengis.net/def/crs/EPSG/0/2326";

    /// <summary>Degrees to 1e-9 (PostGIS's default, as before), metres to 3 decimals.</summary>
    private static readonly Dictionary<string, FeatureCrs> ByUri = new(StringComparer.Ordinal)
    {
        [Crs84] = new FeatureCrs(4326, LatitudeFirst: false, Decimals: 9),
        [Epsg4326] = new FeatureCrs(4326, LatitudeFirst: true, Decimals: 9),
        [Epsg3857] = new FeatureCrs(3857, LatitudeFirst: false, Decimals: 3),
        [Epsg2326] = new FeatureCrs(2326, LatitudeFirst: false, Decimals: 3),
    };

    /// <summary>Every supported URI, CRS84 (the default) first: each collection's <c>crs</c> list.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Crs84, Epsg4326, Epsg3857, Epsg2326];

    /// <summary>The CRS a <c>crs</c> or <c>bbox-crs</c> value names; CRS84 when absent.</summary>
    public static (string Uri, FeatureCrs Crs) Parse(string parameter, string? uri)
    {
        uri ??= Crs84;
        return ByUri.TryGetValue(uri, out var crs)
            ? (uri, crs)
            : throw ItemsParameters.Invalid($"Invalid {parameter}",
                $"{parameter} '{ItemsParameters.Truncate(uri)}' is not supported; use one of {string.Join(", ", Supported)}.");
    }

    /// <summary>Web Mercator's square world, half its side in metres.</summary>
    private const double MercatorHalfWorld = 20_037_508.342789244;

    /// <summary>Where the grid is meaningful: the Hong Kong grid extent and 100 km around it.</summary>
    private const double GridMargin = 100_000;

    /// <summary>A projected box cut to where its CRS is defined. Any finite box is valid input, but PostGIS reprojects the
    /// box (densified every 100 m for the grid), so a box of 1e300 metres would be an error or an unbounded amount of work.</summary>
    public static BoundingBox ClampProjected(BoundingBox box)
    {
        var (minX, minY, maxX, maxY) = box.Srid == 2326
            ? (HongKongExtent.Hk1980Grid.MinX - GridMargin, HongKongExtent.Hk1980Grid.MinY - GridMargin,
                HongKongExtent.Hk1980Grid.MaxX + GridMargin, HongKongExtent.Hk1980Grid.MaxY + GridMargin)
            : (-MercatorHalfWorld, -MercatorHalfWorld, MercatorHalfWorld, MercatorHalfWorld);
        return box with
        {
            MinLon = Math.Clamp(box.MinLon, minX, maxX), MinLat = Math.Clamp(box.MinLat, minY, maxY),
            MaxLon = Math.Clamp(box.MaxLon, minX, maxX), MaxLat = Math.Clamp(box.MaxLat, minY, maxY),
        };
    }

    /// <summary>The CRS the source's coordinates were in when it is one of ours (the HK1980 Grid for CSDI files),
    /// else CRS84: geometry is stored as WGS84 longitude/latitude, and <c>storageCrs</c> must be in the <c>crs</c> list.</summary>
    public static string Storage(int? sourceSrid) => sourceSrid switch
    {
        2326 => Epsg2326,
        3857 => Epsg3857,
        _ => Crs84,
    };
}
