using System.Globalization;
using SpatialHub.Core.Import;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Quality;

/// <summary>
/// Compares the two positions a row gives (HK1980 Grid Easting/Northing and WGS84 latitude/longitude) by reprojecting
/// the geographic one onto the grid, where a metre is a metre. Keeps one float per row for the distribution (a
/// median needs them all; 1.5 M rows are 6 MB) and only the rows beyond the tolerance up to the listing cap.
/// </summary>
internal sealed class CoordinatePairCheck
{
    private readonly Reprojector _toGrid = Reprojector.Create(CrsRegistry.Wgs84, CrsRegistry.Hk1980Grid);
    private readonly List<float> _distances = [];
    private readonly List<PairDisagreement> _rows = [];
    private readonly (string X, string Y) _projected;
    private readonly (string X, string Y) _geographic;
    private readonly double _tolerance;
    private readonly int _maxListed;
    private long _notCompared;
    private long _beyond;
    private double _max;
    private bool? _geometryFromProjected;

    private CoordinatePairCheck((string, string) projected, (string, string) geographic, double tolerance, int maxListed)
    {
        (_projected, _geographic, _tolerance, _maxListed) = (projected, geographic, tolerance, maxListed);
    }

    /// <summary>A check when the field names hold both a projected and a geographic known pair, else null.</summary>
    /// <param name="projectedSource">The reader builds geometries from projected coordinates (so possibly from this pair).</param>
    internal static CoordinatePairCheck? For(IReadOnlyList<string> names, QualityOptions options, bool projectedSource = false)
    {
        var projected = CoordinateColumns.Find(names, PositionFrom.EastingNorthing);
        var geographic = CoordinateColumns.Find(names, PositionFrom.LatitudeLongitude);
        return projected is null || geographic is null
            ? null
            : new CoordinatePairCheck(
                (names[projected.XIndex], names[projected.YIndex]), (names[geographic.XIndex], names[geographic.YIndex]),
                options.ToleranceMetres, options.MaxListed) { _geometryFromProjected = projectedSource ? null : false };
    }

    /// <summary>Compares one row, whose geometry is at (<paramref name="atLongitude"/>, <paramref name="atLatitude"/>)
    /// in WGS84; returns the disagreement when it is beyond the tolerance.</summary>
    internal PairDisagreement? Observe(long featureId, long line, IReadOnlyDictionary<string, object?> properties, double atLongitude, double atLatitude)
    {
        if (!TryNumber(properties, _projected.X, out var easting) || !TryNumber(properties, _projected.Y, out var northing)
            || !TryNumber(properties, _geographic.X, out var longitude) || !TryNumber(properties, _geographic.Y, out var latitude))
        {
            _notCompared++;
            return null;
        }

        // When the geometry was built from the projected pair (the reader uses one pair for every row, so the first
        // row tells), the import has already reprojected it to WGS84: the row's own latitude/longitude is compared
        // with that by arithmetic, and only a row near or beyond the tolerance is reprojected for the exact figure.
        _geometryFromProjected ??= DistanceTo(easting, northing, atLongitude, atLatitude) < 0.001;
        var distance = _geometryFromProjected == true && GroundDistance(atLongitude, atLatitude, longitude, latitude) is { } near && near < 0.9 * _tolerance
            ? near
            : DistanceTo(easting, northing, longitude, latitude);
        _distances.Add(distance is { } d ? (float)d : float.PositiveInfinity);
        if (distance <= _tolerance)
        {
            return null;
        }

        _beyond++;
        _max = Math.Max(_max, distance ?? 0);
        var reason = DistanceTo(easting, northing, latitude, longitude) <= _tolerance
            ? "latitude and longitude are swapped"
            : distance is { } metres
                ? string.Create(CultureInfo.InvariantCulture, $"WGS84 and HK1980 disagree by {QualityText.Metres(metres)}")
                : "the latitude/longitude pair is not a position";
        var row = new PairDisagreement(featureId, line, easting, northing, longitude, latitude, distance is { } m ? Math.Round(m, 3) : null, reason);
        if (_rows.Count < _maxListed)
        {
            _rows.Add(row);
        }
        return row;
    }

    internal CoordinatePairReport Report()
    {
        _distances.Sort();
        double? At(double share) => _distances.Count == 0 || !float.IsFinite(_distances[(int)Math.Ceiling(share * _distances.Count) - 1])
            ? null
            : Math.Round(_distances[(int)Math.Ceiling(share * _distances.Count) - 1], 4);
        var finiteMax = _distances.Count == 0 ? (double?)null : Math.Round(Math.Max(_max, _distances.LastOrDefault(float.IsFinite)), 3);
        return new CoordinatePairReport(
            $"{_projected.X}/{_projected.Y}", $"{_geographic.Y}/{_geographic.X}", _distances.Count, _notCompared, _tolerance,
            At(0.5), At(0.95), finiteMax, _beyond, _rows);
    }

    /// <summary>Grid distance from (easting, northing) to (longitude, latitude) reprojected; null when the latter is no position.</summary>
    private double? DistanceTo(double easting, double northing, double longitude, double latitude)
    {
        if (Math.Abs(latitude) > 90 || Math.Abs(longitude) > 180)
        {
            return null;
        }
        var (x, y) = _toGrid.Transform(longitude, latitude);
        var distance = Math.Sqrt(((x - easting) * (x - easting)) + ((y - northing) * (y - northing)));
        return double.IsFinite(distance) ? distance : null;
    }

    /// <summary>
    /// Metres between two nearby WGS84 positions along the ellipsoid's meridian and parallel (radii of curvature at
    /// the first latitude); null when the second is no position. Within a few metres it equals the HK1980 Grid distance
    /// to well under a millimetre (the grid's scale factor departs from 1 by at most 1e-5 in the territory).
    /// </summary>
    private static double? GroundDistance(double longitude, double latitude, double otherLongitude, double otherLatitude)
    {
        if (Math.Abs(otherLatitude) > 90 || Math.Abs(otherLongitude) > 180)
        {
            return null;
        }
        const double a = 6378137, e2 = 0.00669437999014;
        var phi = latitude * Math.PI / 180;
        var w = 1 - (e2 * Math.Sin(phi) * Math.Sin(phi));
        var north = (otherLatitude - latitude) * Math.PI / 180 * (a * (1 - e2) / (w * Math.Sqrt(w)));
        var east = (otherLongitude - longitude) * Math.PI / 180 * (a / Math.Sqrt(w)) * Math.Cos(phi);
        return Math.Sqrt((north * north) + (east * east));
    }

    /// <summary>A number as the reader typed it, or text that parses as one (a column widened to text by a stray value).</summary>
    internal static bool TryNumber(IReadOnlyDictionary<string, object?> properties, string field, out double value)
    {
        value = 0;
        switch (properties.GetValueOrDefault(field))
        {
            case double d when double.IsFinite(d):
                value = d;
                return true;
            case long l:
                value = l;
                return true;
            case string s:
                return CsvColumns.TryParseCoordinate(s, out value);
            default:
                return false;
        }
    }
}
