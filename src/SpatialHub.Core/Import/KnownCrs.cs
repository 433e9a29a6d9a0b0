using System.Globalization;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Import;

/// <summary>
/// STAND-IN, to be replaced by Projection's <c>CrsParser</c> on merge: delete this file and point the
/// callers (<c>KnownCrs.Parse</c>, <c>KnownCrs.Hk1980Grid</c>, <c>KnownCrs.Wgs84</c>) at <c>CrsParser</c>.
/// It only names the systems the readers must recognise; it knows nothing about transforming between them.
/// </summary>
internal static class KnownCrs
{
    public static readonly Crs Hk1980Grid = new(2326, "Hong Kong 1980 Grid System", IsGeographic: false);
    public static readonly Crs Hk1980 = new(4611, "Hong Kong 1980", IsGeographic: true);
    public static readonly Crs Wgs84 = new(4326, "WGS 84", IsGeographic: true);
    public static readonly Crs WebMercator = new(3857, "WGS 84 / Pseudo-Mercator", IsGeographic: false);

    private static readonly Dictionary<int, Crs> _bySrid = new[] { Hk1980Grid, Hk1980, Wgs84, WebMercator }.ToDictionary(c => c.Srid);

    private static readonly string[] _epsgPrefixes =
    [
        "EPSG:", "urn:ogc:def:crs:EPSG::", "http://www.opengis.net/def/crs/EPSG/0/", "https://www.opengis.net/def/crs/EPSG/0/",
    ];

    private static readonly string[] _crs84Names =
    [
        "CRS84", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84",
        "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "https://www.opengis.net/def/crs/OGC/1.3/CRS84",
    ];

    /// <summary>Parses <c>EPSG:n</c>, <c>urn:ogc:def:crs:EPSG::n</c> (also with a version), the OGC URLs, CRS84 forms or a bare code.</summary>
    /// <exception cref="UnsupportedCrsException">The text names no CRS SpatialHub supports.</exception>
    public static Crs Parse(string text) => TryParse(text) ?? throw new UnsupportedCrsException(text);

    public static Crs? TryParse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (_crs84Names.Any(n => n.Equals(trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            return Wgs84;
        }

        var code = CodeAfterPrefix(trimmed) ?? VersionedUrnCode(trimmed) ?? trimmed;
        return int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var srid)
            ? _bySrid.GetValueOrDefault(srid)
            : null;
    }

    private static string? CodeAfterPrefix(string text) =>
        _epsgPrefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.OrdinalIgnoreCase)) is { } prefix
            ? text[prefix.Length..]
            : null;

    /// <summary>urn:ogc:def:crs:EPSG:6.6:2326 carries a version between the colons.</summary>
    private static string? VersionedUrnCode(string text)
    {
        const string urn = "urn:ogc:def:crs:EPSG:";
        return text.StartsWith(urn, StringComparison.OrdinalIgnoreCase) ? text[(text.LastIndexOf(':') + 1)..] : null;
    }
}
