using ProjNet.CoordinateSystems.Transformations;

namespace SpatialHub.Core.Projection;

/// <summary>
/// A ProjNet transform between two systems on the same datum (a map projection or its inverse).
/// ProjNet transforms keep no per-call state, so one instance can serve every thread.
/// </summary>
internal sealed class ProjNetStep(MathTransform transform) : ICoordinateStep
{
    public void Apply(Span<double> xs, Span<double> ys) => transform.Transform(xs, ys, 1, 1);
}
