using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Catalog;

namespace SpatialHub.PostGis.Tiles;

/// <summary>
/// Builds the one statement that renders a tile: one <c>ST_AsMVT</c> layer per dataset, concatenated with <c>||</c>.
/// Tables and layer names come from the catalog (validated ids, version numbers); the tile address and the
/// <c>within</c> feature id are parameters ($1 z, $2 x, $3 y, $4 feature id), so the text repeats per zoom
/// band and Npgsql can prepare it.
/// </summary>
/// <remarks>
/// Every search is <c>geom_3857 &amp;&amp; ST_TileEnvelope(...)</c> on the GiST-indexed Web Mercator column.
/// "Which tile owns a point" is decided by one formula, <c>floor((X + R) / size)</c> and <c>floor((R − Y) / size)</c>,
/// the same for every tile at a zoom, so tiles are half-open (west and north edges belong to the tile) and each
/// point is owned by exactly one tile. Clusters use only owned points; raw points also come from the buffer,
/// those carrying <c>_buffer = true</c> so that counting features in extent is exact.
/// </remarks>
public static partial class TileSql
{
    /// <summary>Marks a raw point that belongs to a neighbouring tile and is here only for rendering.</summary>
    public const string BufferAttribute = "_buffer";

    /// <summary>Attribute of a cluster holding how many points it stands for.</summary>
    public const string PointCountAttribute = "point_count";

    private const string WorldSize = "40075016.685578488";
    private const string HalfWorld = "20037508.342789244";
    private const string TileSize = $"({WorldSize}::float8 / power(2::float8, $1))";
    private const string Envelope = "ST_TileEnvelope($1, $2, $3)";
    private const string BufferMarker = "'{\"" + BufferAttribute + "\": true}'::jsonb";

    public static string Build(IReadOnlyList<Dataset> layers, int zoom, WithinFilter? within, TileQueryOptions options, TileDetail detail)
    {
        var sql = new StringBuilder("SELECT ");
        for (var i = 0; i < layers.Count; i++)
        {
            if (i > 0)
            {
                sql.Append("\n || ");
            }
            var layer = layers[i];
            DatasetId.Validate(layer.Id);
            sql.Append(IsClustered(layer, zoom, options)
                ? ClusterLayer(layer, zoom, within, options, detail)
                : IsGradual(layer, zoom, options) ? GradualLayer(layer, zoom, within, options, detail)
                : IsPolygon(layer) ? PolygonLayer(layer, within, options, detail)
                : RawLayer(layer, within, options, detail));
        }
        return sql.ToString();
    }

    public static IEnumerable<NpgsqlParameter> Parameters(TileCoord tile, WithinFilter? within)
    {
        yield return new NpgsqlParameter { Value = tile.Z, NpgsqlDbType = NpgsqlDbType.Integer };
        yield return new NpgsqlParameter { Value = tile.X, NpgsqlDbType = NpgsqlDbType.Integer };
        yield return new NpgsqlParameter { Value = tile.Y, NpgsqlDbType = NpgsqlDbType.Integer };
        if (within is not null)
        {
            yield return within.Parameter();
        }
    }

    public static bool IsClustered(Dataset layer, int zoom, TileQueryOptions options) =>
        zoom < options.ClusterBelowZoom && GeometryTypes.IsPoint(layer.GeometryType);

    private static string RawLayer(Dataset layer, WithinFilter? within, TileQueryOptions options, TileDetail detail)
    {
        var isPoint = GeometryTypes.IsPoint(layer.GeometryType);
        var tolerance = string.Create(CultureInfo.InvariantCulture,
            $"({TileSize} / {TileQueryOptions.Extent} * {options.SimplifyPixels * 16 * detail.ToleranceFactor:R})");
        // A pixel is 1/256 of a tile and 16 grid units: the tolerance is SimplifyPixels pixels in metres.
        var geometry = isPoint ? "t.geom_3857" : $"ST_Simplify(t.geom_3857, {tolerance}, true)";
        var attributes = detail.KeepsAttributes ? "t.properties" : "'{}'::jsonb";
        var properties = isPoint
            ? $"""
               CASE WHEN floor((ST_X(t.geom_3857) + {HalfWorld}) / {TileSize})::bigint = $2
                     AND floor(({HalfWorld} - ST_Y(t.geom_3857)) / {TileSize})::bigint = $3
                    THEN {attributes} ELSE {attributes} || {BufferMarker} END
               """
            : attributes;
        var thinning = detail.ThinningModulus > 1 ? $" AND t.feature_id % {detail.ThinningModulus} = 0" : "";
        return $"""
            (SELECT COALESCE(ST_AsMVT(l, {Literal(layer.Id)}, {TileQueryOptions.Extent}, 'geom', 'id'), ''::bytea) FROM (
                SELECT t.feature_id AS id,
                       ST_AsMVTGeom({geometry}, {Envelope}, {TileQueryOptions.Extent}, {TileQueryOptions.Buffer}, true) AS geom,
                       {properties} AS props
                FROM {layer.FeatureTable} t
                WHERE t.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => {TileQueryOptions.Buffer}.0 / {TileQueryOptions.Extent}){WithinCondition(within)}{thinning}
            ) l WHERE l.geom IS NOT NULL)
            """;
    }

    private static string ClusterLayer(Dataset layer, int zoom, WithinFilter? within, TileQueryOptions options, TileDetail detail)
    {
        var grid = detail.ClusterGrid(options.ClusterGrid);
        IReadOnlyList<string> sums = options.ClusterSums.TryGetValue(layer.Id, out var names) ? names : [];
        var category = ClusterCategorySql.Field(layer.Id, options);
        var cells = UsesPyramid(layer, zoom, within, grid, sums, category, out var summed)
            ? PyramidCells(layer, grid, sums, summed, category is not null)
            : AggregatedCells(layer, within, grid, sums, category);
        var sumMembers = new StringBuilder();
        for (var i = 0; i < sums.Count; i++)
        {
            sumMembers.Append(CultureInfo.InvariantCulture, $", {Literal(sums[i])}, c.s{i}");
        }
        var categories = category is null ? "" : " || " + ClusterCategorySql.Attributes("c.cats", "c.n", options.ClusterCategoryCount);
        var single = detail.KeepsAttributes ? "f.properties" : "'{}'::jsonb";
        // The one place a cluster's attributes are built, whichever way its cells were counted: c has one row per
        // non-empty cell with n (points), id (smallest feature id), g (mean position), s0… (the ClusterSums) and, with
        // a category field, cats (value → points). A lone point's attributes are fetched by primary key rather than
        // carried through the aggregate. Ordered by that id (unique per cell): the same tile has the same bytes
        // whichever plan the statistics pick (a restored database has none until analysed), so ETags and
        // byte-for-byte checks hold.
        return $"""
            (SELECT COALESCE(ST_AsMVT(l, {Literal(layer.Id)}, {TileQueryOptions.Extent}, 'geom', 'id'), ''::bytea) FROM (
                SELECT CASE WHEN c.n = 1 THEN c.id END AS id,
                       ST_AsMVTGeom(c.g, {Envelope}, {TileQueryOptions.Extent}, {TileQueryOptions.Buffer}, true) AS geom,
                       CASE WHEN c.n = 1 THEN {single}
                            ELSE jsonb_build_object('{PointCountAttribute}', c.n{sumMembers}){categories} END AS props
                FROM ({cells}) c
                LEFT JOIN {layer.FeatureTable} f ON c.n = 1 AND f.feature_id = c.id
                ORDER BY c.id
            ) l WHERE l.geom IS NOT NULL)
            """;
    }

    /// <summary>The pyramid serves a tile when the dataset has one, no <c>within</c> filter narrows the points, its
    /// level exists, every configured sum is one it holds (or one that is always null: not a numeric field) and the
    /// configured category field, if any, is the one it counted.</summary>
    private static bool UsesPyramid(
        Dataset layer, int zoom, WithinFilter? within, int grid, IReadOnlyList<string> sums, string? category, out IReadOnlyList<string> summed)
    {
        summed = layer.HasClusterPyramid ? ClusterPyramid.SummedFields(layer.Fields) : [];
        if (!layer.HasClusterPyramid || within is not null || ClusterPyramid.Level(zoom, grid) > ClusterPyramid.MaxLevel
            || (category is not null && !string.Equals(category, layer.ClusterCategory, StringComparison.Ordinal)))
        {
            return false;
        }
        var held = summed;
        return sums.All(name => IndexOf(held, name) >= 0 || !ClusterPyramid.IsNumeric(layer.Fields, name));
    }

    /// <summary>The tile's cells read from the pyramid: at most grid × grid rows, whatever the points under them.</summary>
    private static string PyramidCells(Dataset layer, int grid, IReadOnlyList<string> sums, IReadOnlyList<string> summed, bool categories)
    {
        var sumColumns = new StringBuilder();
        for (var i = 0; i < sums.Count; i++)
        {
            var column = IndexOf(summed, sums[i]);
            sumColumns.Append(CultureInfo.InvariantCulture, $", {(column < 0 ? "NULL::numeric" : $"p.s{column}")} AS s{i}");
        }
        if (categories)
        {
            sumColumns.Append($", p.{ClusterPyramid.CategoryColumn} AS cats");
        }
        var shift = ClusterPyramid.Level(0, grid);
        // The level is a parameter expression ($1 + shift) so that one prepared statement serves a zoom band.
        return $"""
            SELECT p.n, p.id, ST_SetSRID(ST_MakePoint(p.sx / p.n, p.sy / p.n), 3857) AS g{sumColumns}
            FROM {ClusterPyramid.TableName(layer.Version)} p
            WHERE p.level = $1 + {shift}
              AND p.cx BETWEEN $2 * {grid} AND $2 * {grid} + {grid - 1}
              AND p.cy BETWEEN $3 * {grid} AND $3 * {grid} + {grid - 1}
            """;
    }

    /// <summary>The tile's cells aggregated from its points on each request (datasets without a pyramid, <c>within</c>).</summary>
    private static string AggregatedCells(Dataset layer, WithinFilter? within, int grid, IReadOnlyList<string> sums, string? category)
    {
        var cell = $"({TileSize} / {grid})";
        var sumColumns = new StringBuilder();
        var cellSums = new StringBuilder();
        for (var i = 0; i < sums.Count; i++)
        {
            var name = Literal(sums[i]);
            sumColumns.Append(CultureInfo.InvariantCulture,
                $", sum(CASE WHEN jsonb_typeof(p.properties -> {name}) = 'number' THEN (p.properties ->> {name})::numeric END) AS s{i}");
            cellSums.Append(CultureInfo.InvariantCulture, $", sum(q.s{i}) AS s{i}");
        }
        // A cluster is the mean position of its points (inside its cell, so inside the tile). The search box gets a
        // hair of margin so that rounding in the index test never loses an owned point; ownership is the floor() test.
        var points = $"""
            SELECT t.feature_id, t.properties, t.geom_3857{(category is null ? "" : $", t.properties ->> {Literal(category)} AS k")},
                   floor((ST_X(t.geom_3857) + {HalfWorld}) / {cell})::bigint AS cx,
                   floor(({HalfWorld} - ST_Y(t.geom_3857)) / {cell})::bigint AS cy
            FROM {layer.FeatureTable} t
            WHERE t.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => 1.0 / {TileQueryOptions.Extent}){WithinCondition(within)}
            """;
        if (category is null)
        {
            return $"""
                SELECT count(*) AS n, min(p.feature_id) AS id,
                       ST_SetSRID(ST_MakePoint(avg(ST_X(p.geom_3857)), avg(ST_Y(p.geom_3857))), 3857) AS g{sumColumns}
                FROM ({points}) p
                WHERE p.cx / {grid} = $2 AND p.cy / {grid} = $3
                GROUP BY p.cx, p.cy
                """;
        }
        // With categories, points are grouped by cell and value first; a cell is then the sum of its groups and its
        // value → count map, as the pyramid stores it.
        return $"""
            SELECT sum(q.n)::bigint AS n, min(q.id) AS id,
                   ST_SetSRID(ST_MakePoint(sum(q.sx) / sum(q.n)::float8, sum(q.sy) / sum(q.n)::float8), 3857) AS g{cellSums},
                   {ClusterCategorySql.Map("q")} AS cats
            FROM (SELECT p.cx, p.cy, p.k, count(*) AS n, min(p.feature_id) AS id,
                         sum(ST_X(p.geom_3857)) AS sx, sum(ST_Y(p.geom_3857)) AS sy{sumColumns}
                  FROM ({points}) p
                  WHERE p.cx / {grid} = $2 AND p.cy / {grid} = $3
                  GROUP BY p.cx, p.cy, p.k) q
            GROUP BY q.cx, q.cy
            """;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    private static string WithinCondition(WithinFilter? within) =>
        within is null ? "" : " AND " + within.Condition("t.geom_3857", 4);

    /// <summary>A SQL string literal. Used for catalog ids (already validated) and configured attribute names.</summary>
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
