using System.Globalization;
using System.Numerics;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SpatialHub.Core.Catalog;

namespace SpatialHub.PostGis.Tiles;

/// <summary>
/// A point dataset version's clusters, aggregated once at import so that a clustered tile reads at most its grid's
/// cells (4,096) whatever the number of points under it. One row per non-empty quadtree cell and level: the points'
/// count, smallest feature id, coordinate sums (for the mean position), the sums of every numeric field and, when a
/// category field is configured for the dataset, its values' counts (a jsonb map, see <see cref="ClusterCategorySql"/>).
/// </summary>
/// <remarks>
/// Level L's cells are Web Mercator squares of side world / 2^L, numbered from the north-west corner by the same
/// <c>floor((X + R) / size)</c>, <c>floor((R − Y) / size)</c> as tile ownership, so the cells of tile z/x/y on a
/// grid of 2^k are exactly level z + k's cells with <c>cx &gt;&gt; k = x</c>, <c>cy &gt;&gt; k = y</c>. Only the finest
/// level reads the features; each coarser cell adds up the finest cells under it, so every point is in exactly one
/// cell per level and the counts and sums are exact (numeric, not floating point).
/// </remarks>
public static class ClusterPyramid
{
    /// <summary>The finest level: zoom 13's cells with the default 64 × 64 grid (clustering stops at zoom 14).</summary>
    public const int MaxLevel = TileQueryOptions.DefaultClusterBelowZoom - 1 + 6;

    /// <summary>At most this many numeric fields are summed (the first ones, in field order).</summary>
    public const int MaxSums = 32;

    /// <summary>The column holding a cell's value → count map of the category field.</summary>
    public const string CategoryColumn = "c";

    private const string HalfWorld = "20037508.342789244";
    private const string WorldSize = "40075016.685578488";

    public static string TableName(long version) => $"spatialhub.clusters_v{version}";

    /// <summary>The fields a pyramid sums, in column order (s0, s1, …); the builder and the tile SQL both ask here.</summary>
    public static IReadOnlyList<string> SummedFields(IReadOnlyList<DatasetField> fields) =>
        fields.Where(f => f.Type is "integer" or "real").Select(f => f.Name).Take(MaxSums).ToList();

    /// <summary>Whether a dataset's fields can have sums at all; a configured sum of any other field is always null.</summary>
    public static bool IsNumeric(IReadOnlyList<DatasetField> fields, string name) =>
        fields.Any(f => f.Type is "integer" or "real" && string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The pyramid level holding tile <paramref name="zoom"/>'s cells on a grid of <paramref name="grid"/> (a power of two).</summary>
    public static int Level(int zoom, int grid) => zoom + BitOperations.Log2((uint)grid);

    /// <summary>
    /// In the import's transaction, after the catalog row is written: builds the new version's pyramid when the
    /// dataset is points, records whether it has one (and which <paramref name="categoryField"/> it counts), and drops
    /// the previous version's. Returns the build time (null when there is no pyramid): the catalog switch waits this
    /// long, since it commits with the pyramid.
    /// </summary>
    public static async Task<TimeSpan?> ReplaceAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string datasetId, long version, long? previousVersion,
        string geometryType, IReadOnlyList<DatasetField> fields, string? categoryField, CancellationToken cancellationToken)
    {
        var built = string.Equals(geometryType, "Point", StringComparison.Ordinal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (built)
        {
            await BuildAsync(connection, transaction, version, SummedFields(fields), categoryField, cancellationToken);
        }
        var elapsed = clock.Elapsed;
        await using var batch = new NpgsqlBatch(connection, transaction);
        var mark = new NpgsqlBatchCommand("UPDATE spatialhub.datasets SET cluster_pyramid = $2, cluster_category = $3 WHERE id = $1");
        mark.Parameters.Add(new NpgsqlParameter { Value = datasetId });
        mark.Parameters.Add(new NpgsqlParameter { Value = built });
        mark.Parameters.Add(new NpgsqlParameter { Value = (built ? categoryField : null) ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        batch.BatchCommands.Add(mark);
        if (previousVersion is { } previous)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"DROP TABLE IF EXISTS {TableName(previous)}"));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return built ? elapsed : null;
    }

    private static async Task BuildAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long version, IReadOnlyList<string> sums, string? category,
        CancellationToken cancellationToken)
    {
        var table = TableName(version);
        var sumColumns = new StringBuilder();
        var finestSums = new StringBuilder();
        var coarserSums = new StringBuilder();
        var cellSums = new StringBuilder();
        for (var i = 0; i < sums.Count; i++)
        {
            var p = i + 1;
            sumColumns.Append(CultureInfo.InvariantCulture, $", s{i} numeric");
            finestSums.Append(CultureInfo.InvariantCulture,
                $", sum(CASE WHEN jsonb_typeof(properties -> ${p}) = 'number' THEN (properties ->> ${p})::numeric END) AS s{i}");
            coarserSums.Append(CultureInfo.InvariantCulture, $", sum(f.s{i}) AS s{i}");
            cellSums.Append(CultureInfo.InvariantCulture, $", sum(g.s{i})");
        }
        // With a category field the points are grouped by cell and value (k) at every level, then each cell's groups
        // are folded into its count, sums and value → count map.
        var key = category is null ? "" : ", k";
        var value = category is null ? "" : string.Create(CultureInfo.InvariantCulture, $", properties ->> ${sums.Count + 1} AS k");
        // No command timeout of its own (Npgsql's default is 30 s): on millions of points the first GROUP BY can take
        // longer on a busy machine, and the import as a whole is bounded by its own timeout (the token).
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            CREATE TABLE {table} (
                level integer NOT NULL, cx integer NOT NULL, cy integer NOT NULL,
                n bigint NOT NULL, id bigint NOT NULL, sx float8 NOT NULL, sy float8 NOT NULL{sumColumns}{(category is null ? "" : $", {CategoryColumn} jsonb")})
            """));
        var cell = $"({WorldSize}::float8 / {1L << MaxLevel})";
        // One statement for every level: the finest cells grouped from the points once, then each level's cells as
        // those cells shifted right (cx >> k is the ancestor k levels up) and added up again.
        var groups = $"""
            SELECT l.level, f.cx >> ({MaxLevel} - l.level) AS cx, f.cy >> ({MaxLevel} - l.level) AS cy,
                   sum(f.n) AS n, min(f.id) AS id, sum(f.sx) AS sx, sum(f.sy) AS sy{coarserSums}{(category is null ? "" : ", f.k")}
            FROM (SELECT cx, cy{key}, count(*) AS n, min(feature_id) AS id, sum(x) AS sx, sum(y) AS sy{finestSums}
                  FROM (SELECT feature_id, properties, ST_X(geom_3857) AS x, ST_Y(geom_3857) AS y{value},
                               floor((ST_X(geom_3857) + {HalfWorld}) / {cell})::integer AS cx,
                               floor(({HalfWorld} - ST_Y(geom_3857)) / {cell})::integer AS cy
                        FROM {Dataset.FeatureTableName(version)}) p
                  GROUP BY cx, cy{key}) f
            CROSS JOIN generate_series(0, {MaxLevel}) AS l(level)
            GROUP BY l.level, f.cx >> ({MaxLevel} - l.level), f.cy >> ({MaxLevel} - l.level){(category is null ? "" : ", f.k")}
            """;
        var levels = new NpgsqlBatchCommand(category is null
            ? $"INSERT INTO {table}\n{groups}"
            : $"""
              INSERT INTO {table}
              SELECT g.level, g.cx, g.cy, sum(g.n), min(g.id), sum(g.sx), sum(g.sy){cellSums}, {ClusterCategorySql.Map("g")}
              FROM ({groups}) g
              GROUP BY g.level, g.cx, g.cy
              """);
        foreach (var name in sums)
        {
            levels.Parameters.Add(new NpgsqlParameter { Value = name, NpgsqlDbType = NpgsqlDbType.Text });
        }
        if (category is not null)
        {
            levels.Parameters.Add(new NpgsqlParameter { Value = category, NpgsqlDbType = NpgsqlDbType.Text });
        }
        batch.BatchCommands.Add(levels);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE INDEX ON {table} (level, cx, cy)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"ANALYZE {table}"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
