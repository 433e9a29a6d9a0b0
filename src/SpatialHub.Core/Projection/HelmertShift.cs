using ProjNet.CoordinateSystems;

namespace SpatialHub.Core.Projection;

/// <summary>
/// A seven-parameter (position-vector) Helmert datum shift between geographic coordinates in degrees,
/// computed the way PROJ does it: geodetic → geocentric (height 0), linearised Helmert, geocentric → geodetic
/// by Bowring's formula from the reduced latitude. The reverse direction uses PROJ's reverse (transposed
/// rotation, translation and scale undone), so results agree with cs2cs in both directions.
/// </summary>
/// <remarks>
/// Why not ProjNet's own datum shift: ProjNet 2.0 converts geocentric → geodetic with Toms' one-step method
/// seeded by z·1.0026, which is about 1.5e-8° (1.7 mm) off in latitude at Hong Kong, and it inverts the
/// Helmert by negating its parameters, which adds about 2 mm more. Heights are not carried: like cs2cs on
/// 2D input, the ellipsoidal height is taken as 0 and the ordinate passed through is unchanged.
/// </remarks>
internal sealed class HelmertShift : ICoordinateStep
{
    private const double ArcSecondsToRadians = Math.PI / 648000.0;
    private const double DegreesToRadians = Math.PI / 180.0;
    private const double RadiansToDegrees = 180.0 / Math.PI;

    private readonly EllipsoidShape _source;
    private readonly EllipsoidShape _target;
    private readonly double _tx, _ty, _tz, _rx, _ry, _rz, _scale;
    private readonly bool _reverse;

    private HelmertShift(EllipsoidShape source, EllipsoidShape target, Wgs84ConversionInfo p, bool reverse)
    {
        _source = source;
        _target = target;
        _tx = p.Dx;
        _ty = p.Dy;
        _tz = p.Dz;
        _rx = p.Ex * ArcSecondsToRadians;
        _ry = p.Ey * ArcSecondsToRadians;
        _rz = p.Ez * ArcSecondsToRadians;
        _scale = 1.0 + (p.Ppm * 1e-6);
        _reverse = reverse;
    }

    /// <summary>The shift from a datum to WGS 84 by its TOWGS84 parameters.</summary>
    public static HelmertShift ToWgs84(HorizontalDatum datum) =>
        new(EllipsoidShape.Of(datum.Ellipsoid), EllipsoidShape.Wgs84, datum.Wgs84Parameters, reverse: false);

    /// <summary>The shift from WGS 84 to a datum, reversing its TOWGS84 parameters.</summary>
    public static HelmertShift FromWgs84(HorizontalDatum datum) =>
        new(EllipsoidShape.Wgs84, EllipsoidShape.Of(datum.Ellipsoid), datum.Wgs84Parameters, reverse: true);

    public void Apply(Span<double> xs, Span<double> ys)
    {
        for (var i = 0; i < xs.Length; i++)
        {
            var (x, y, z) = _source.ToGeocentric(xs[i] * DegreesToRadians, ys[i] * DegreesToRadians);
            (x, y, z) = _reverse ? Reverse(x, y, z) : Forward(x, y, z);
            var (lon, lat) = _target.ToGeodetic(x, y, z);
            xs[i] = lon * RadiansToDegrees;
            ys[i] = lat * RadiansToDegrees;
        }
    }

    private (double X, double Y, double Z) Forward(double x, double y, double z) => (
        _tx + (_scale * (x - (_rz * y) + (_ry * z))),
        _ty + (_scale * ((_rz * x) + y - (_rx * z))),
        _tz + (_scale * ((-_ry * x) + (_rx * y) + z)));

    private (double X, double Y, double Z) Reverse(double x, double y, double z)
    {
        x = (x - _tx) / _scale;
        y = (y - _ty) / _scale;
        z = (z - _tz) / _scale;
        return (x + (_rz * y) - (_ry * z), (-_rz * x) + y + (_rx * z), (_ry * x) - (_rx * y) + z);
    }

    /// <summary>An ellipsoid reduced to what the geocentric conversions need.</summary>
    private sealed class EllipsoidShape
    {
        private readonly double _a, _b, _es, _secondEs;

        private EllipsoidShape(double semiMajor, double inverseFlattening)
        {
            _a = semiMajor;
            var f = 1.0 / inverseFlattening;
            _b = semiMajor * (1.0 - f);
            _es = f * (2.0 - f);
            _secondEs = _es / (1.0 - _es);
        }

        public static EllipsoidShape Wgs84 { get; } = new(6378137.0, 298.257223563);

        public static EllipsoidShape Of(Ellipsoid e) => new(e.SemiMajorAxis * e.AxisUnit.MetersPerUnit, e.InverseFlattening);

        public (double X, double Y, double Z) ToGeocentric(double lon, double lat)
        {
            var (sinLat, cosLat) = Math.SinCos(lat);
            var (sinLon, cosLon) = Math.SinCos(lon);
            var n = _a / Math.Sqrt(1.0 - (_es * sinLat * sinLat));
            return (n * cosLat * cosLon, n * cosLat * sinLon, n * (1.0 - _es) * sinLat);
        }

        public (double Lon, double Lat) ToGeodetic(double x, double y, double z)
        {
            // Bowring (1976): one step from the reduced latitude θ = atan2(z·a, p·b); exact to ~1e-11 rad near the surface.
            var p = Math.Sqrt((x * x) + (y * y));
            var za = z * _a;
            var pb = p * _b;
            var r = Math.Sqrt((za * za) + (pb * pb));
            var s = za / r;
            var c = pb / r;
            var lat = Math.Atan2(z + (_secondEs * _b * s * s * s), p - (_es * _a * c * c * c));
            return (Math.Atan2(y, x), lat);
        }
    }
}
