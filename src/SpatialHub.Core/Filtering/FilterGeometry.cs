using NetTopologySuite.Geometries;

namespace SpatialHub.Core.Filtering;

/// <summary>Geometry literals common to both encodings.</summary>
internal static class FilterGeometry
{
    private static readonly GeometryFactory Factory = new();

    /// <summary>BBOX(minX, minY, maxX, maxY), or the 6-number form with heights (ignored), as a polygon.</summary>
    public static Geometry Box(IReadOnlyList<double> numbers, string where)
    {
        if (numbers.Count is not (4 or 6))
        {
            throw new FilterException("BBOX takes 4 numbers (minX, minY, maxX, maxY) or 6 with heights", where);
        }
        var (minX, minY, maxX, maxY) = numbers.Count == 4
            ? (numbers[0], numbers[1], numbers[2], numbers[3])
            : (numbers[0], numbers[1], numbers[3], numbers[4]);
        if (minX > maxX || minY > maxY || !double.IsFinite(minX + minY + maxX + maxY))
        {
            throw new FilterException("BBOX minimum is above its maximum (or not finite)", where);
        }
        return Factory.ToGeometry(new Envelope(minX, maxX, minY, maxY));
    }
}
