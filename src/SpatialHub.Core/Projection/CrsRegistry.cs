using System.Diagnostics.CodeAnalysis;
using System.Collections.Frozen;
using ProjNet.CoordinateSystems;

namespace SpatialHub.Core.Projection;

/// <summary>The coordinate reference systems SpatialHub supports, built in from WKT (no database lookups).</summary>
public static class CrsRegistry
{
    /// <summary>EPSG:2326 Hong Kong 1980 Grid: Transverse Mercator metres, x = easting, y = northing.</summary>
    public static Crs Hk1980Grid { get; } = new(2326, "Hong Kong 1980 Grid System", IsGeographic: false);

    /// <summary>EPSG:4611 Hong Kong 1980 geographic: degrees on the HK1980 datum, x = longitude.</summary>
    public static Crs Hk1980 { get; } = new(4611, "Hong Kong 1980", IsGeographic: true);

    /// <summary>EPSG:4326 WGS 84 (also OGC CRS84): degrees, x = longitude, y = latitude.</summary>
    public static Crs Wgs84 { get; } = new(4326, "WGS 84", IsGeographic: true);

    /// <summary>EPSG:3857 spherical Web Mercator, as used by map tiles: metres, x = easting.</summary>
    public static Crs WebMercator { get; } = new(3857, "WGS 84 / Pseudo-Mercator", IsGeographic: false);

    /// <summary>Every supported system.</summary>
    public static IReadOnlyList<Crs> All { get; } = [Hk1980Grid, Hk1980, Wgs84, WebMercator];

    private static readonly FrozenDictionary<int, Crs> BySrid = All.ToFrozenDictionary(c => c.Srid);

    private static readonly FrozenDictionary<int, string> WktBySrid = new Dictionary<int, string>
    {
        [2326] = CrsWkt.Hk1980Grid,
        [4611] = CrsWkt.Hk1980,
        [4326] = CrsWkt.Wgs84,
        [3857] = CrsWkt.WebMercator,
    }.ToFrozenDictionary();

    /// <summary>The supported system with this EPSG code.</summary>
    /// <exception cref="UnsupportedCrsException">The code is not one of <see cref="All"/>.</exception>
    public static Crs Get(int srid) =>
        TryGet(srid, out var crs) ? crs : throw new UnsupportedCrsException($"EPSG:{srid}");

    /// <summary>Looks up a supported system by EPSG code.</summary>
    public static bool TryGet(int srid, [NotNullWhen(true)] out Crs? crs) => BySrid.TryGetValue(srid, out crs);

    /// <summary>The WKT 1 definition ProjNet is given for a supported system (also what GeoPackage exports declare).</summary>
    public static string GetWkt(int srid) =>
        WktBySrid.TryGetValue(srid, out var wkt) ? wkt : throw new UnsupportedCrsException($"EPSG:{srid}");

    /// <summary>Parses the built-in WKT into a fresh ProjNet coordinate system.</summary>
    internal static CoordinateSystem CreateCoordinateSystem(int srid) =>
        new CoordinateSystemFactory().CreateFromWkt(GetWkt(srid));
}
