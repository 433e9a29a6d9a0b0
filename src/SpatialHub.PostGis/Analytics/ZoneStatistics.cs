using NetTopologySuite.Geometries;
using Npgsql;
using SpatialHub.Core.Analytics;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Replicas;
using static SpatialHub.PostGis.Analytics.AnalyticsStatement;

namespace SpatialHub.PostGis.Analytics;

/// <summary>One zone's statistics. <see cref="Sums"/> and <see cref="Averages"/> follow
/// <see cref="ZoneStatisticsResult.NumericFields"/>; an average is null when no feature of the zone has a value.
/// <see cref="Measure"/> is metres of line or square metres of polygon inside the zone (null for points);
/// <see cref="Geometry"/> is the zone's polygon (WGS84) when asked for.</summary>
public sealed record ZoneRow(
    long Id, string? Name, double AreaM2, long Count, IReadOnlyList<double> Sums, IReadOnlyList<double?> Averages, double? Measure, Geometry? Geometry)
{
    public double AreaKm2 => AreaM2 / 1e6;

    public double DensityKm2 => AreaM2 > 0 ? Count / AreaKm2 : 0;
}

/// <summary>Zone statistics of <see cref="Dataset"/> by the polygons of <see cref="Zones"/>, in zone id order; every
/// zone is listed, empty ones with 0. <see cref="Outside"/> counts the features that fall in no zone.</summary>
public sealed record ZoneStatisticsResult(
    Dataset Dataset, Dataset Zones, string? NameField, IReadOnlyList<string> NumericFields, GeometryKind Kind,
    IReadOnlyList<ZoneRow> Rows, long Outside);

/// <summary>
/// Counts, densities, sums and averages of a dataset's features per zone, computed in PostGIS.
/// </summary>
/// <remarks>
/// Each feature is counted in exactly one zone: the zone whose polygon covers the feature's representative point
/// (the point itself; ST_PointOnSurface for lines, polygons and multipoints), boundary included; when several zones
/// cover it (a point on a shared border, or overlapping zones) the one with the lowest feature id takes it. The zones
/// are cut once per version into small indexed pieces (<see cref="DerivedTables"/>) with their geodesic areas. Areas and lengths are
/// geodesic (PostGIS geography on the WGS84 ellipsoid), never Web Mercator, which inflates areas by about 16 % at
/// 22° N.
/// </remarks>
public sealed class ZoneStatistics(ReadRouter reads, TimeSpan timeout)
{
    /// <summary>Degrees: a point nearer than this to a piece's edge is decided by the zone's own polygon. ST_Subdivide's
    /// cuts add vertices rounded to about 1e-14°, so only there can a piece's edge stray from the zone's.</summary>
    internal const string EdgeTolerance = "1e-9";

    public async Task<ZoneStatisticsResult> ComputeAsync(
        Dataset dataset, Dataset zones, string? nameField, IReadOnlyList<string> numeric, bool withGeometry, CancellationToken cancellationToken = default)
    {
        AnalyticsLimits.RequirePolygons("zones", zones);
        var kind = AnalyticsLimits.KindOf(dataset);
        var pieces = await DerivedTables.ZonePiecesAsync(reads.Primary, zones, cancellationToken);
        var rows = await RunAsync(reads, timeout, Sql(dataset, zones, pieces, numeric.Count, withGeometry), [Text(nameField), Value(numeric.ToArray())],
            async (reader, ct) =>
            {
                var list = new List<ZoneRow>();
                while (await reader.ReadAsync(ct))
                {
                    var sums = reader.IsDBNull(4) ? [] : reader.GetFieldValue<double?[]>(4);
                    var averages = reader.IsDBNull(5) ? [] : reader.GetFieldValue<double?[]>(5);
                    list.Add(new ZoneRow(
                        reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetDouble(2), reader.GetInt64(3),
                        numeric.Select((_, i) => i < sums.Length ? sums[i] ?? 0 : 0).ToList(),
                        numeric.Select((_, i) => i < averages.Length ? averages[i] : null).ToList(),
                        reader.IsDBNull(6) ? (kind is GeometryKind.Line or GeometryKind.Polygon ? 0 : null) : reader.GetDouble(6),
                        withGeometry ? reader.GetFieldValue<Geometry>(7) : null));
                }
                return list;
            }, cancellationToken);
        return new ZoneStatisticsResult(dataset, zones, nameField, numeric, kind, rows, dataset.FeatureCount - rows.Sum(r => r.Count));
    }

    /// <summary>The statement; tables come from the catalog, the name field ($1) and numeric fields ($2) are parameters.</summary>
    /// <remarks>Each feature's representative point finds its candidate pieces through the pieces' index. Far from
    /// every candidate's edge, the pieces that contain it decide (lowest zone id); near an edge (a shared border, a
    /// point on a zone's outline, a cut), the candidates' own zone polygons decide with ST_Covers, so the answer is
    /// the one the whole polygons give.</remarks>
    internal static string Sql(Dataset dataset, Dataset zones, string pieces, int fieldCount, bool withGeometry)
    {
        var representative = dataset.GeometryType == "Point" ? "f.geom" : "ST_PointOnSurface(f.geom)";
        var measure = AnalyticsLimits.KindOf(dataset) switch
        {
            GeometryKind.Line => "ST_Length",
            GeometryKind.Polygon => "ST_Area",
            _ => null,
        };
        var measures = measure is null
            ? "SELECT NULL::bigint AS zone_id, NULL::float8 AS m WHERE false"
            : $"""
              SELECT z.feature_id AS zone_id, sum(CASE WHEN ST_CoveredBy(f.geom, z.geom) THEN {measure}(f.geom::geography)
                                         ELSE {measure}(ST_Intersection(f.geom, z.geom)::geography) END) AS m
              FROM {zones.FeatureTable} z JOIN {dataset.FeatureTable} f ON f.geom_3857 && z.geom_3857
              WHERE ST_Intersects(f.geom, z.geom)
              GROUP BY z.feature_id
              """;
        var fields = Enumerable.Range(1, fieldCount).ToList();
        var values = string.Concat(fields.Select(i => $", {NumberOf("f.properties", $"($2::text[])[{i}]")} AS x{i}"));
        string Each(string aggregate) =>
            fieldCount == 0 ? "NULL::float8[]" : $"ARRAY[{string.Join(", ", fields.Select(i => $"{aggregate}(x{i})"))}]::float8[]";
        return $"""
            WITH areas AS (SELECT zone_id, min(area_m2) AS area_m2 FROM {pieces} GROUP BY zone_id),
            owned AS (
                SELECT o.zone_id{values}
                FROM {dataset.FeatureTable} f
                CROSS JOIN LATERAL (SELECT {representative} AS pt) r
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN bool_or(ST_DWithin(p.edge, r.pt, {EdgeTolerance}))
                                THEN (SELECT min(z.feature_id) FROM {zones.FeatureTable} z
                                      WHERE z.feature_id = ANY (array_agg(p.zone_id)) AND ST_Covers(z.geom, r.pt))
                                ELSE min(p.zone_id) FILTER (WHERE ST_Intersects(p.piece, r.pt)) END AS zone_id
                    FROM {pieces} p WHERE p.piece && ST_Expand(r.pt, {EdgeTolerance})
                ) o
                WHERE o.zone_id IS NOT NULL
            ),
            stats AS (SELECT zone_id, count(*) AS n, {Each("sum")} AS sums, {Each("avg")} AS avgs FROM owned GROUP BY zone_id),
            measures AS ({measures})
            SELECT z.feature_id, z.properties ->> $1, COALESCE(a.area_m2, 0), COALESCE(s.n, 0), s.sums, s.avgs, m.m{(withGeometry ? ", z.geom" : "")}
            FROM {zones.FeatureTable} z
            LEFT JOIN areas a ON a.zone_id = z.feature_id
            LEFT JOIN stats s ON s.zone_id = z.feature_id
            LEFT JOIN measures m ON m.zone_id = z.feature_id
            ORDER BY z.feature_id
            """;
    }

    /// <summary>The zones' attribute to show as their name: the one asked for, else a text field that looks like an
    /// English name (DC_ENG, name_en, NAME), else the first text field, else none.</summary>
    public static string? NameField(Dataset zones, string? requested)
    {
        if (requested is not null)
        {
            return zones.Fields.Any(f => f.Name == requested)
                ? requested
                : throw new AnalyticsParameterException("name", $"name: dataset '{zones.Id}' has no field '{DatasetSelector.Shorten(requested)}'.");
        }
        var text = zones.Fields.Where(f => f.Type == "text").Select(f => f.Name).ToList();
        bool Has(string name, string part) => name.Contains(part, StringComparison.OrdinalIgnoreCase);
        return text.FirstOrDefault(n => Has(n, "name") && Has(n, "en"))
            ?? text.FirstOrDefault(n => n.EndsWith("eng", StringComparison.OrdinalIgnoreCase))
            ?? text.FirstOrDefault(n => Has(n, "name"))
            ?? text.FirstOrDefault();
    }

    private static NpgsqlParameter Text(string? value) =>
        new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text };
}
