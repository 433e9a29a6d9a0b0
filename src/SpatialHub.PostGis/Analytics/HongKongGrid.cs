using SpatialHub.Core.Catalog;

namespace SpatialHub.PostGis.Analytics;

/// <summary>
/// Proximity of points to points on the HK1980 Grid (EPSG:2326), exact in geodesic metres.
/// </summary>
/// <remarks>
/// Both datasets are projected once per version (<see cref="DerivedTables.GridPointsAsync"/>). Within
/// <see cref="Area"/> a grid metre is between <see cref="Lowest"/> and <see cref="Highest"/> ellipsoid metres: the
/// Transverse Mercator scale there is at most 1.00023 (1 + x²/2R², x ≤ 137 km from the central meridian; measured
/// 1.0000004 to 1.000224 on pairs of random points), and 0.1 % either side also covers the datum shift to HK1980's
/// ellipsoid. So the grid only chooses candidates and the ellipsoid decides: every feature geodesically nearer than
/// the grid-nearest lies within its grid distance × <see cref="Spread"/>, and those are ranked by geodesic distance
/// (lowest id on ties); within R × Lowest grid metres a feature is within R for certain, beyond R × Highest it is
/// not, and only the ring between is tested on the ellipsoid. With a radius, one circle search answers both the
/// count and, when the nearest lies well inside it, the nearest; otherwise a KNN search (&lt;-&gt;) finds it.
/// </remarks>
internal static class HongKongGrid
{
    /// <summary>Longitudes 113 to 115.5 E, latitudes 21.5 to 23.5 N: Hong Kong and some 100 km around it.</summary>
    public static readonly IReadOnlyList<double> Area = [113, 21.5, 115.5, 23.5];

    public const string Lowest = "0.999";
    public const string Highest = "1.0013";

    /// <summary>Highest / Lowest, rounded up.</summary>
    public const string Spread = "1.0024";

    /// <summary>Both datasets hold single points only, inside <see cref="Area"/>.</summary>
    public static bool Covers(Dataset from, Dataset to) => new[] { from, to }.All(d =>
        d.GeometryType == "Point" && d.Bbox is { Count: 4 } b && b[0] >= Area[0] && b[1] >= Area[1] && b[2] <= Area[2] && b[3] <= Area[3]);

    /// <summary>$1: the radius in metres (unused without one). <paramref name="a"/> and <paramref name="b"/> are the
    /// datasets' grid tables.</summary>
    public static string Sql(Dataset from, string a, string b, bool withRadius, bool withGeometry)
    {
        var (join, extra) = withGeometry ? ($"JOIN {from.FeatureTable} f ON f.feature_id = a.feature_id", ", a.geom, f.properties::text") : ("", "");
        // The radius search answers the nearest too when every candidate for it lies inside the circle.
        var inside = withRadius ? $"w.dmin * {Spread} <= $1 * {Highest}" : "false";
        var circle = withRadius
            ? $"""
              LEFT JOIN LATERAL (
                  SELECT count(*) FILTER (WHERE c.d <= $1 * {Lowest} OR ST_DWithin(a.geom::geography, c.geom::geography, $1)) AS within,
                         min(c.d) AS dmin,
                         (array_agg(c.feature_id ORDER BY c.g, c.feature_id) FILTER (WHERE c.g IS NOT NULL))[1] AS nearest_id,
                         min(c.g) AS distance_m
                  FROM (SELECT b.feature_id, b.geom, b.p <-> a.p AS d,
                               CASE WHEN b.p <-> a.p <= min(b.p <-> a.p) OVER () * {Spread}
                                    THEN ST_Distance(a.geom::geography, b.geom::geography) END AS g
                        FROM {b} b WHERE b.p <@ circle(a.p, $1 * {Highest})) c
              ) w ON true
              """
            : "CROSS JOIN (SELECT NULL::bigint AS within, NULL::float8 AS dmin, NULL::bigint AS nearest_id, NULL::float8 AS distance_m) w";
        return $"""
            SELECT a.feature_id,
                   CASE WHEN {inside} THEN w.nearest_id ELSE k.feature_id END,
                   CASE WHEN {inside} THEN w.distance_m ELSE k.distance_m END,
                   w.within{extra}
            FROM {a} a {join}
            {circle}
            LEFT JOIN LATERAL (
                SELECT b.feature_id, ST_Distance(a.geom::geography, b.geom::geography) AS distance_m
                FROM {b} b
                WHERE NOT ({inside}) IS TRUE
                  AND b.p <@ circle(a.p, (SELECT n.p <-> a.p FROM {b} n ORDER BY n.p <-> a.p LIMIT 1) * {Spread})
                ORDER BY distance_m, b.feature_id LIMIT 1
            ) k ON true
            ORDER BY a.feature_id
            """;
    }
}
