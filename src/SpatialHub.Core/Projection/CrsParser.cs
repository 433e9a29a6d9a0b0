using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SpatialHub.Core.Projection;

/// <summary>
/// Reads the ways people and standards name a CRS: <c>EPSG:2326</c>, <c>2326</c>, OGC URNs
/// (<c>urn:ogc:def:crs:EPSG::2326</c>, <c>urn:ogc:def:crs:EPSG:6.6:2326</c>), OGC URIs
/// (<c>http://www.opengis.net/def/crs/EPSG/0/2326</c>) and the OGC CRS84 names, case-insensitively.
/// </summary>
/// <remarks>
/// CRS84 maps to EPSG:4326: SpatialHub always puts longitude in x, so the two differ only in their
/// nominal axis order. The retired or vendor Web Mercator codes 900913, 3785, 102100 and 102113 map to 3857.
/// </remarks>
public static partial class CrsParser
{
    private static readonly Dictionary<int, int> Aliases = new()
    {
        [900913] = 3857,
        [3785] = 3857,
        [102100] = 3857,
        [102113] = 3857,
    };

    /// <summary>Parses a CRS name into a supported <see cref="Crs"/>.</summary>
    /// <exception cref="UnsupportedCrsException">The text is not a CRS name, or names a system SpatialHub does not support.</exception>
    public static Crs Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var crs) ? crs : throw new UnsupportedCrsException(text);
    }

    /// <summary>The supported CRS a name stands for, or null.</summary>
    public static Crs? Find(string? text) => TryParse(text, out var crs) ? crs : null;

    /// <summary>Parses a CRS name; false when it is malformed or not supported.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Crs? crs)
    {
        crs = null;
        if (text is null)
            return false;

        var trimmed = text.Trim();
        if (Crs84Pattern().IsMatch(trimmed))
        {
            crs = CrsRegistry.Wgs84;
            return true;
        }

        var match = EpsgPattern().Match(trimmed);
        if (!match.Success
            || !int.TryParse(match.Groups["code"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            return false;

        return CrsRegistry.TryGet(Aliases.GetValueOrDefault(code, code), out crs);
    }

    [GeneratedRegex(
        @"^(?:(?:OGC:)?CRS:?84|urn:ogc:def:crs:OGC:[^:]*:CRS84|https?://www\.opengis\.net/def/crs/OGC/[^/]+/CRS84)\z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Crs84Pattern();

    [GeneratedRegex(
        @"^(?:EPSG:|urn:(?:x-)?ogc:def:crs:EPSG:(?:[^:]*:)?|https?://www\.opengis\.net/def/crs/EPSG/[^/]+/)?(?<code>[0-9]{1,9})\z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EpsgPattern();
}
