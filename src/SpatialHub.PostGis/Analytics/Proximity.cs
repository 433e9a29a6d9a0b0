using NetTopologySuite.Geometries;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Replicas;
using static SpatialHub.PostGis.Analytics.AnalyticsStatement;

namespace SpatialHub.PostGis.Analytics;

/// <summary>One feature of A: its nearest feature of B and the geodesic distance to it in metres (both null when B
/// is empty), how many features of B lie within the radius (null without one), and, when asked for, A's geometry
/// (WGS84) and attributes (JSON text) for a map.</summary>
public sealed record ProximityRow(long FeatureId, long? NearestId, double? DistanceM, long? WithinCount, Geometry? Geometry, string? PropertiesJson);

/// <summary>Proximity of every feature of <see cref="From"/> to <see cref="To"/>, by A's feature id, with the summary:
/// the share of A within <see cref="RadiusM"/> of some B and the median nearest distance.</summary>
public sealed record ProximityResult(Dataset From, Dataset To, double? RadiusM, IReadOnlyList<ProximityRow> Rows)
{
    public double? MedianDistanceM { get; } = Median(Rows.Where(r => r.DistanceM.HasValue).Select(r => r.DistanceM!.Value).ToArray());

    /// <summary>Features of A with at least one B within the radius, over all of A (null without a radius or A empty).</summary>
    public double? ShareWithin => RadiusM is null || Rows.Count == 0 ? null : (double)Rows.Count(r => r.WithinCount > 0) / Rows.Count;

    private static double? Median(double[] values)
    {
        if (values.Length == 0)
        {
            return null;
        }
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

/// <summary>
/// Nearest neighbours and counts within a radius, in geodesic metres (PostGIS geography, WGS84 ellipsoid).
/// </summary>
/// <remarks>
/// Two datasets of points in and around Hong Kong take <see cref="HongKongGrid"/>'s faster path. Otherwise the
/// nearest feature is found with the KNN operator (&lt;-&gt;) on the GiST-indexed geom_3857, then made exact:
/// Web Mercator stretches distances by 1/cos(latitude) (about 8 % in Hong Kong), so the Mercator-nearest is not
/// always the geodesic-nearest. If the Mercator-nearest lies d metres away on the ellipsoid, every feature nearer
/// than d lies within d × k Mercator metres, k being the largest Mercator scale over both datasets' bounds plus 1 %
/// for Web Mercator's ellipsoid error; those candidates (an indexed ST_DWithin) are ranked by geodesic distance and
/// the first, lowest feature id on ties, is the answer. The radius count uses the same bound as an index filter;
/// features within R × the smallest scale in Mercator metres are within R on the ellipsoid for certain, and only
/// those in the ring beyond are tested with ST_DWithin on geography.
/// </remarks>
public sealed class Proximity(ReadRouter reads, TimeSpan timeout)
{
    public async Task<ProximityResult> ComputeAsync(Dataset from, Dataset to, double? radiusM, bool withGeometry, CancellationToken cancellationToken = default)
    {
        string sql;
        List<NpgsqlParameter> parameters;
        if (HongKongGrid.Covers(from, to))
        {
            var a = await DerivedTables.GridPointsAsync(reads.Primary, from, cancellationToken);
            var b = await DerivedTables.GridPointsAsync(reads.Primary, to, cancellationToken);
            sql = HongKongGrid.Sql(from, a, b, radiusM.HasValue, withGeometry);
            parameters = [Double(radiusM ?? 0)];
        }
        else
        {
            var (smallest, largest) = MercatorScaleBounds(from, to);
            sql = Sql(from, to, radiusM.HasValue, withGeometry);
            parameters = [Double(largest), Double(radiusM ?? 0), Double(smallest)];
        }
        var rows = await RunAsync(reads, timeout, sql, parameters, async (reader, ct) =>
        {
            var list = new List<ProximityRow>();
            while (await reader.ReadAsync(ct))
            {
                list.Add(new ProximityRow(
                    reader.GetInt64(0),
                    reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetDouble(2),
                    reader.IsDBNull(3) ? null : reader.GetInt64(3),
                    withGeometry ? reader.GetFieldValue<Geometry>(4) : null,
                    withGeometry ? reader.GetString(5) : null));
            }
            return list;
        }, cancellationToken);
        return new ProximityResult(from, to, radiusM, rows);
    }

    /// <summary>Bounds of Mercator metres per geodesic metre over both datasets' bounds. Web Mercator's scale is
    /// 1/cos(latitude) on the sphere; on the WGS84 ellipsoid it lies within 0.34 % below and 0.68 % above that, by
    /// direction, so 1 % either side of the extreme latitudes' values bounds it (latitudes capped at 85°).</summary>
    internal static (double Smallest, double Largest) MercatorScaleBounds(Dataset from, Dataset to)
    {
        var latitudes = new[] { from.Bbox, to.Bbox }.Where(b => b is { Count: 4 })
            .SelectMany(b => new[] { b![1], b[3] }).Select(l => Math.Min(Math.Abs(l), 85)).ToList();
        // A box across the equator reaches latitude 0 however far its corners are from it.
        var crossesEquator = new[] { from.Bbox, to.Bbox }.Any(b => b is { Count: 4 } && b[1] < 0 && b[3] > 0);
        var low = latitudes.Count == 0 || crossesEquator ? 0 : latitudes.Min();
        var high = latitudes.Count == 0 ? 85 : latitudes.Max();
        return (0.99 / Math.Cos(low * Math.PI / 180), 1.01 / Math.Cos(high * Math.PI / 180));
    }

    /// <summary>$1: the largest Mercator scale, $2: the radius in metres, $3: the smallest Mercator scale. Tables come from
    /// the catalog.</summary>
    internal static string Sql(Dataset from, Dataset to, bool withRadius, bool withGeometry)
    {
        // Within R × the smallest scale, a feature is within R on the ellipsoid for certain; only the thin ring between
        // that and R × the largest scale needs the (costly) geodesic test.
        var within = withRadius
            ? $"""
              (SELECT count(*) FROM {to.FeatureTable} b
               WHERE ST_DWithin(b.geom_3857, a.geom_3857, $2 * $1)
                 AND (ST_DWithin(b.geom_3857, a.geom_3857, $2 * $3) OR ST_DWithin(a.geom::geography, b.geom::geography, $2)))
              """
            : "NULL::bigint";
        var extra = withGeometry ? ", a.geom, a.properties::text" : "";
        return $"""
            SELECT a.feature_id, n.feature_id, n.distance_m, {within}{extra}
            FROM {from.FeatureTable} a
            LEFT JOIN LATERAL (
                SELECT ST_Distance(a.geom::geography, b.geom::geography) AS d
                FROM {to.FeatureTable} b ORDER BY b.geom_3857 <-> a.geom_3857 LIMIT 1
            ) k ON true
            LEFT JOIN LATERAL (
                SELECT b.feature_id, ST_Distance(a.geom::geography, b.geom::geography) AS distance_m
                FROM {to.FeatureTable} b
                WHERE ST_DWithin(b.geom_3857, a.geom_3857, k.d * $1)
                ORDER BY distance_m, b.feature_id LIMIT 1
            ) n ON true
            ORDER BY a.feature_id
            """;
    }
}
