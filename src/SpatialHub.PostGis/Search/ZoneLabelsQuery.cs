using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Search;

/// <summary>One zone (a district, say) as a list or a basemap label needs it: its names, one point inside it to put
/// the label on, and its bounds, all WGS84. No geometry: the whole answer for 18 districts is about 3 KB.</summary>
/// <param name="Names">The dataset's name and identifier fields (<see cref="SearchableFields"/>) that the feature has.</param>
/// <param name="Label">[lon, lat] of the centre of the largest circle inside the zone (ST_MaximumInscribedCircle, in
/// Web Mercator metres), so a label sits in the zone's widest part, never in a bay or on another zone.</param>
/// <param name="Bbox">[minLon, minLat, maxLon, maxLat].</param>
public sealed record ZoneLabel(long Id, IReadOnlyDictionary<string, string> Names, IReadOnlyList<double> Label, IReadOnlyList<double> Bbox);

/// <summary>Names, label points and extents of a dataset's features, in one statement (table from the catalog, field
/// names and the limit as parameters), on a replica when one is current.</summary>
public sealed class ZoneLabelsQuery(ReadRouter reads)
{
    public const int MaxZones = 1000;

    public ZoneLabelsQuery(NpgsqlDataSource dataSource) : this(ReadRouter.PrimaryOnly(dataSource))
    {
    }

    public async Task<IReadOnlyList<ZoneLabel>> LabelsAsync(Dataset dataset, CancellationToken cancellationToken = default)
    {
        var fields = SearchableFields.Of(dataset).Where(f => f.Weight == FieldWeight.Name).Select(f => f.Name).ToArray();
        // Points are their own label; a polygon's label goes to the centre of its largest inscribed circle, computed in
        // metres (degrees would squash it north-south). ST_PointOnSurface stands in for empty or degenerate shapes.
        var sql = $$"""
            SELECT f.feature_id,
                   COALESCE((SELECT jsonb_object_agg(k, f.properties ->> k) FROM unnest($1::text[]) k
                             WHERE f.properties ? k AND jsonb_typeof(f.properties -> k) IN ('string', 'number')), '{}'::jsonb)::text,
                   ST_X(p.point), ST_Y(p.point), ST_XMin(f.geom), ST_YMin(f.geom), ST_XMax(f.geom), ST_YMax(f.geom)
            FROM {{dataset.FeatureTable}} f
            CROSS JOIN LATERAL (SELECT CASE
                WHEN GeometryType(f.geom) IN ('POLYGON', 'MULTIPOLYGON') AND NOT ST_IsEmpty(f.geom_3857)
                    THEN ST_Transform((ST_MaximumInscribedCircle(f.geom_3857)).center, 4326)
                ELSE ST_PointOnSurface(f.geom) END AS point) p
            WHERE f.geom IS NOT NULL AND NOT ST_IsEmpty(f.geom)
            ORDER BY f.feature_id
            LIMIT $2
            """;
        return await reads.ReadAsync(async dataSource =>
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = fields });
            command.Parameters.Add(new NpgsqlParameter { Value = MaxZones });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var zones = new List<ZoneLabel>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var names = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(1)) ?? [];
                zones.Add(new ZoneLabel(reader.GetInt64(0), names, [reader.GetDouble(2), reader.GetDouble(3)],
                    [reader.GetDouble(4), reader.GetDouble(5), reader.GetDouble(6), reader.GetDouble(7)]));
            }
            return (IReadOnlyList<ZoneLabel>)zones;
        }, null, cancellationToken);
    }
}
