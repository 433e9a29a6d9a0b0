using System.Globalization;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;

namespace SpatialHub.PostGis.Tiles;

/// <summary>
/// The gradual switch from clusters to single points (issue 17): over <see cref="TileQueryOptions.GradualClusterZooms"/>
/// zooms from <see cref="TileQueryOptions.ClusterBelowZoom"/> up, a tile's owned points are grouped by a grid that
/// doubles per zoom; a cell with few points sends them one by one (attributes and ids, as at higher zooms), a denser
/// one sends one cluster at their mean position. Sparse points therefore show singly first and dense areas stay
/// clusters a little longer, so a layer never turns into thousands of dots at one zoom step. Every owned point is in
/// exactly one cell, and so in exactly one feature: the counts in a view stay exact, as with the clusters below.
/// </summary>
public static partial class TileSql
{
    public static bool IsGradual(Dataset layer, int zoom, TileQueryOptions options) =>
        zoom >= options.ClusterBelowZoom && zoom < options.ClusterBelowZoom + options.GradualClusterZooms && GeometryTypes.IsPoint(layer.GeometryType);

    /// <summary>Cells per tile side for the gradual switch at <paramref name="zoom"/> (the pages' cluster extents use it).</summary>
    public static int GradualGrid(int zoom, TileQueryOptions options) =>
        options.GradualClusterGrid << Math.Max(0, zoom - options.ClusterBelowZoom);

    private static string GradualLayer(Dataset layer, int zoom, WithinFilter? within, TileQueryOptions options, TileDetail detail)
    {
        var grid = detail.ClusterGrid(GradualGrid(zoom, options));
        var cell = $"({TileSize} / {grid})";
        var single = detail.KeepsAttributes ? "o.properties" : "'{}'::jsonb";
        var maxSingles = options.GradualClusterMaxSingles.ToString(CultureInfo.InvariantCulture);
        // Ownership is the floor() test of the clusters below (the search box has a hair of margin so rounding never
        // loses an owned point); ordered by id, singles by feature id and clusters by their smallest, for stable bytes.
        return $"""
            (SELECT COALESCE(ST_AsMVT(l, {Literal(layer.Id)}, {TileQueryOptions.Extent}, 'geom', 'id'), ''::bytea) FROM (
                SELECT x.id, x.geom, x.props FROM (
                WITH owned AS (
                    SELECT p.* FROM (
                        SELECT t.feature_id, t.properties, t.geom_3857,
                               floor((ST_X(t.geom_3857) + {HalfWorld}) / {cell})::bigint AS cx,
                               floor(({HalfWorld} - ST_Y(t.geom_3857)) / {cell})::bigint AS cy
                        FROM {layer.FeatureTable} t
                        WHERE t.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => 1.0 / {TileQueryOptions.Extent}){WithinCondition(within)}
                    ) p
                    WHERE p.cx / {grid} = $2 AND p.cy / {grid} = $3
                ), cells AS (
                    SELECT cx, cy, count(*) AS n, min(feature_id) AS id,
                           ST_SetSRID(ST_MakePoint(avg(ST_X(geom_3857)), avg(ST_Y(geom_3857))), 3857) AS g
                    FROM owned GROUP BY cx, cy
                )
                SELECT NULL::bigint AS id, ST_AsMVTGeom(c.g, {Envelope}, {TileQueryOptions.Extent}, {TileQueryOptions.Buffer}, true) AS geom,
                       jsonb_build_object('{PointCountAttribute}', c.n) AS props, c.id AS sort
                FROM cells c WHERE c.n > {maxSingles}
                UNION ALL
                SELECT o.feature_id, ST_AsMVTGeom(o.geom_3857, {Envelope}, {TileQueryOptions.Extent}, {TileQueryOptions.Buffer}, true),
                       {single}, o.feature_id
                FROM owned o JOIN cells c USING (cx, cy) WHERE c.n <= {maxSingles}
                ) x ORDER BY x.sort
            ) l WHERE l.geom IS NOT NULL)
            """;
    }
}
