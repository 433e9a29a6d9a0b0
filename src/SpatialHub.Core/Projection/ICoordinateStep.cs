namespace SpatialHub.Core.Projection;

/// <summary>One stage of a reprojection pipeline, applied in place to x/y ordinate spans.</summary>
internal interface ICoordinateStep
{
    void Apply(Span<double> xs, Span<double> ys);
}
