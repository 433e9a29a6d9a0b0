using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace SpatialHub.Core.Projection;

/// <summary>
/// Plans a reprojection as: source → its geographic base (ProjNet, inverse projection), datum shift through
/// WGS 84 (<see cref="HelmertShift"/>), geographic base → target (ProjNet, projection). ProjNet is used only
/// where no datum changes; see <see cref="HelmertShift"/> for why its datum shift is not.
/// </summary>
internal static class PipelineBuilder
{
    public static IEnumerable<ICoordinateStep> Build(int fromSrid, int toSrid)
    {
        var from = CrsRegistry.CreateCoordinateSystem(fromSrid);
        var to = CrsRegistry.CreateCoordinateSystem(toSrid);
        var fromGeographic = GeographicBase(from);
        var toGeographic = GeographicBase(to);
        var factory = new CoordinateTransformationFactory();

        if (from is ProjectedCoordinateSystem)
            yield return new ProjNetStep(factory.CreateFromCoordinateSystems(from, fromGeographic).MathTransform);

        var fromDatum = fromGeographic.HorizontalDatum;
        var toDatum = toGeographic.HorizontalDatum;
        if (!IsSameDatum(fromDatum, toDatum))
        {
            if (!IsWgs84(fromDatum))
                yield return HelmertShift.ToWgs84(fromDatum);
            if (!IsWgs84(toDatum))
                yield return HelmertShift.FromWgs84(toDatum);
        }

        if (to is ProjectedCoordinateSystem)
            yield return new ProjNetStep(factory.CreateFromCoordinateSystems(toGeographic, to).MathTransform);
    }

    private static GeographicCoordinateSystem GeographicBase(CoordinateSystem cs) => cs switch
    {
        GeographicCoordinateSystem g => g,
        ProjectedCoordinateSystem p => p.GeographicCoordinateSystem,
        _ => throw new NotSupportedException($"{cs.Name} is neither geographic nor projected."),
    };

    private static bool IsSameDatum(HorizontalDatum a, HorizontalDatum b) =>
        a.AuthorityCode == b.AuthorityCode && a.Authority == b.Authority;

    // Only the datum with WGS 84's own code counts as WGS 84. Any other datum must carry TOWGS84: a missing one
    // is a definition error, not a zero shift (ProjNet would silently skip it, 274 m off for HK1980).
    private static bool IsWgs84(HorizontalDatum datum)
    {
        if (datum.AuthorityCode == 6326)
            return true;
        if (datum.Wgs84Parameters is null || datum.Wgs84Parameters.HasZeroValuesOnly)
            throw new InvalidOperationException($"Datum '{datum.Name}' has no TOWGS84 parameters.");
        return false;
    }
}
