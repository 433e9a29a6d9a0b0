using Npgsql;
using SpatialHub.Core.Analytics;
using SpatialHub.Core.Catalog;

namespace SpatialHub.PostGis.Analytics;

/// <summary>
/// Indexed tables derived once from a version's feature table, on the primary, the first time an analysis needs them
/// (migration 0012 explains the schema and the naming). A version's features never change, so a derivative stays
/// right for as long as its source table exists.
/// </summary>
internal static class DerivedTables
{
    private const string Schema = "spatialhub_analytics";

    /// <summary>zone_id and area_m2, the zone's geodesic area: for 18 districts of up to 3,000 vertices, ST_Area on
    /// the ellipsoid was 40 % of the zone statistics' time when computed per request.</summary>
    public static Task<string> ZoneAreasAsync(NpgsqlDataSource primary, Dataset zones, CancellationToken cancellationToken) =>
        EnsureAsync(primary, zones, "areas", table => $"""
            CREATE TABLE {table} AS SELECT feature_id AS zone_id, ST_Area(geom::geography) AS area_m2 FROM {zones.FeatureTable};
            ALTER TABLE {table} ADD PRIMARY KEY (zone_id);
            """, cancellationToken);

    /// <summary>feature_id, geom (WGS84) and p, the point on the HK1980 Grid (EPSG:2326) as a native PostgreSQL point
    /// with a GiST index: its KNN and circle searches cost about a third of PostGIS geometry's on the same points.
    /// Stored in grid order so that neighbours share pages. For datasets of single points only.</summary>
    public static Task<string> GridPointsAsync(NpgsqlDataSource primary, Dataset points, CancellationToken cancellationToken) =>
        EnsureAsync(primary, points, "hk1980", table => $"""
            CREATE TABLE {table} AS
            SELECT f.feature_id, f.geom, point(ST_X(g.g), ST_Y(g.g)) AS p
            FROM {points.FeatureTable} f CROSS JOIN LATERAL (SELECT ST_Transform(f.geom, 2326) AS g) g
            ORDER BY g.g;
            CREATE INDEX ON {table} USING gist (p);
            """, cancellationToken);

    /// <summary>The derivative's name, built first if missing. Concurrent builders of one table wait on an advisory
    /// lock and find it built; the build also drops derivatives whose source table no longer exists.</summary>
    private static async Task<string> EnsureAsync(
        NpgsqlDataSource primary, Dataset source, string kind, Func<string, string> create, CancellationToken cancellationToken)
    {
        await using var connection = await primary.OpenConnectionAsync(cancellationToken);
        var (oid, exists) = await LookUpAsync(connection, null, source, kind, cancellationToken);
        var table = $"{Schema}.{kind}_{oid}";
        if (exists)
        {
            return table;
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock(hashtext('{table}'))", cancellationToken);
        if (!(await LookUpAsync(connection, transaction, source, kind, cancellationToken)).Exists)
        {
            await ExecuteAsync(connection, transaction, $"""
                {create(table)}
                ANALYZE {table};
                DO $$ DECLARE t text; BEGIN
                    FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                             WHERE n.nspname = '{Schema}' AND c.relkind = 'r'
                               AND NOT EXISTS (SELECT 1 FROM pg_class s JOIN pg_namespace sn ON sn.oid = s.relnamespace
                                               WHERE sn.nspname = 'spatialhub' AND s.oid::text = split_part(c.relname, '_', 2)) LOOP
                        EXECUTE format('DROP TABLE IF EXISTS {Schema}.%I', t);
                    END LOOP;
                END $$;
                """, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return table;
    }

    private static async Task<(long Oid, bool Exists)> LookUpAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Dataset source, string kind, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT c.oid::bigint, to_regclass('{Schema}.{kind}_' || c.oid) IS NOT NULL FROM pg_class c WHERE c.oid = to_regclass($1)",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = source.FeatureTable });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            // Retention dropped the version between the catalog read and now.
            throw new AnalyticsNotFoundException("dataset", $"Version {source.Version} of dataset '{source.Id}' is no longer kept.");
        }
        return (reader.GetInt64(0), reader.GetBoolean(1));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
