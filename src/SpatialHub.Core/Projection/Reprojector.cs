using System.Collections.Concurrent;
using NetTopologySuite.Geometries;

namespace SpatialHub.Core.Projection;

/// <summary>
/// Converts coordinates from one supported CRS to another. x is always easting or longitude and y northing
/// or latitude, whatever the EPSG axis order. Instances are cached per pair and safe to share between threads.
/// </summary>
/// <remarks>
/// HK1980 ↔ WGS 84 uses the EPSG:1825 seven-parameter Helmert shift (about 1 m absolute accuracy, the
/// only transformation EPSG and PROJ have); results agree with PROJ's cs2cs to well under a millimetre.
/// Heights (z) are never changed.
/// </remarks>
public sealed class Reprojector
{
    private static readonly ConcurrentDictionary<(int From, int To), Reprojector> Cache = new();

    // Empty when From == To. Every step is immutable, so one instance serves every thread.
    private readonly ICoordinateStep[] _steps;

    private Reprojector(Crs from, Crs to, ICoordinateStep[] steps)
    {
        From = from;
        To = to;
        _steps = steps;
    }

    /// <summary>The source system.</summary>
    public Crs From { get; }

    /// <summary>The target system.</summary>
    public Crs To { get; }

    /// <summary>True when source and target are the same and coordinates pass through unchanged.</summary>
    public bool IsIdentity => _steps.Length == 0;

    /// <summary>The (shared, cached) reprojector between two EPSG codes.</summary>
    /// <exception cref="UnsupportedCrsException">Either code is not supported.</exception>
    public static Reprojector Create(int fromSrid, int toSrid)
    {
        var from = CrsRegistry.Get(fromSrid);
        var to = CrsRegistry.Get(toSrid);
        return Cache.GetOrAdd((from.Srid, to.Srid), _ => Build(from, to));
    }

    /// <summary>The (shared, cached) reprojector between two systems.</summary>
    public static Reprojector Create(Crs from, Crs to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return Create(from.Srid, to.Srid);
    }

    /// <summary>Transforms one point.</summary>
    public (double X, double Y) Transform(double x, double y)
    {
        // The bulk path on a one-element span, so single and bulk results are bit-for-bit identical.
        Span<double> xs = [x];
        Span<double> ys = [y];
        Transform(xs, ys);
        return (xs[0], ys[0]);
    }

    /// <summary>Transforms points in place: <paramref name="xs"/>[i], <paramref name="ys"/>[i] is point i.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public void Transform(Span<double> xs, Span<double> ys)
    {
        if (xs.Length != ys.Length)
            throw new ArgumentException($"xs has {xs.Length} values but ys has {ys.Length}.", nameof(ys));
        if (xs.IsEmpty)
            return;
        foreach (var step in _steps)
            step.Apply(xs, ys);
    }

    /// <summary>
    /// Returns a reprojected copy of any geometry (points, lines, polygons with holes, multi-geometries,
    /// collections) with the same structure, its SRID set to <see cref="To"/> and a floating precision model
    /// (a fixed source precision in metres would ruin degrees). Z and M are copied unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The geometry has an SRID other than 0 or <see cref="From"/>.</exception>
    public Geometry Transform(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.SRID != 0 && geometry.SRID != From.Srid)
            throw new ArgumentException(
                $"The geometry has SRID {geometry.SRID} but this reprojector converts from EPSG:{From.Srid}.", nameof(geometry));

        var factory = new GeometryFactory(
            new PrecisionModel(), To.Srid, geometry.Factory.CoordinateSequenceFactory);
        if (geometry is Point { IsEmpty: false } point && !IsIdentity)
        {
            // The common case of an import (one point per row): the same result without the geometry editor's copy.
            var sequence = point.CoordinateSequence.Copy();
            Span<double> x = [sequence.GetX(0)];
            Span<double> y = [sequence.GetY(0)];
            Transform(x, y);
            sequence.SetX(0, x[0]);
            sequence.SetY(0, y[0]);
            return factory.CreatePoint(sequence);
        }
        var copy = factory.CreateGeometry(geometry);
        if (ReferenceEquals(copy, geometry))
        {
            // NTS 2.5 hands an empty polygon back as is instead of copying it into the new factory.
            copy = factory.CreateEmpty(geometry.Dimension);
        }
        if (!IsIdentity)
            copy.Apply(new SequenceTransformer(this));
        return copy;
    }

    private static Reprojector Build(Crs from, Crs to) =>
        new(from, to, from.Srid == to.Srid ? [] : [.. PipelineBuilder.Build(from.Srid, to.Srid)]);

    /// <summary>Transforms a whole coordinate sequence at once through the bulk path.</summary>
    private sealed class SequenceTransformer(Reprojector reprojector) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            var xs = new double[seq.Count];
            var ys = new double[seq.Count];
            for (var i = 0; i < xs.Length; i++)
            {
                xs[i] = seq.GetX(i);
                ys[i] = seq.GetY(i);
            }
            reprojector.Transform(xs, ys);
            for (var i = 0; i < xs.Length; i++)
            {
                seq.SetX(i, xs[i]);
                seq.SetY(i, ys[i]);
            }
        }
    }
}
