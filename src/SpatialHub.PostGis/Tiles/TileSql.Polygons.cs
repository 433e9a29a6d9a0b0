using System.Globalization;
using NetTopologySuite.Geometries;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;

namespace SpatialHub.PostGis.Tiles;

/// <summary>
/// The layer of a polygon dataset. A polygon at least a pixel (1/256 of the tile) across is sent as itself, simplified
/// to the pixel. Polygons smaller than a pixel both ways, which at low zooms are nearly all of a dense dataset such as
/// building footprints, are grouped by the cell of a 2-pixel grid aligned to the world that holds their bounding box
/// centre: a cell with one sends that feature as itself, a cell with more one square of their summed area (at least a
/// grid unit across) around their mean centre, with <see cref="FeatureCountAttribute"/> and no id. A tile therefore
/// holds at most 128 × 128 such squares whatever the number of footprints under it, so its first render fits the
/// byte budget instead of being redone with less detail; a sparse tile is the same as a plain render.
/// </summary>
/// <remarks>
/// Each less detailed level (<see cref="TileDetail"/>) doubles the size that counts as small and the cell, on top of
/// the thinning and tolerance every layer gets. Cells are whole: a tile groups the small polygons of every cell within
/// its 64-unit buffer (two cells), all of whose polygons its search box finds, so neighbouring tiles send the same
/// square for a cell they share.
/// </remarks>
public static partial class TileSql
{
    /// <summary>Attribute of a square that stands for several polygons too small to draw: how many.</summary>
    public const string FeatureCountAttribute = "feature_count";

    /// <summary>Cells per tile side at full detail (2-pixel cells of a 256-pixel tile).</summary>
    private const int SmallPolygonCells = 128;

    private static bool IsPolygon(Dataset layer) =>
        GeometryTypes.Parse(layer.GeometryType) is OgcGeometryType.Polygon or OgcGeometryType.MultiPolygon;

    private static string PolygonLayer(Dataset layer, WithinFilter? within, TileQueryOptions options, TileDetail detail)
    {
        var cells = Math.Max(1, SmallPolygonCells >> detail.Halvings);
        var cell = $"({TileSize} / {cells})";
        var small = $"({TileSize} / {cells * 2})"; // half a cell: one pixel at full detail
        var unit = $"({TileSize} / {TileQueryOptions.Extent})";
        var tolerance = string.Create(CultureInfo.InvariantCulture,
            $"({TileSize} / {TileQueryOptions.Extent} * {options.SimplifyPixels * 16 * detail.ToleranceFactor:R})");
        var attributes = detail.KeepsAttributes ? "s.properties" : "'{}'::jsonb";
        var thinning = detail.ThinningModulus > 1 ? $" AND t.feature_id % {detail.ThinningModulus} = 0" : "";
        var margin = TileQueryOptions.Buffer * cells / TileQueryOptions.Extent; // the buffer in whole cells
        // s: the polygons the tile's search box finds, with their bounding box centre (mx, my) and its cell (cx, cy);
        // c: the small ones per cell within the tile and its buffer. The squares are ordered by cell, so the same tile
        // has the same bytes whichever plan runs it.
        return $"""
            (WITH s AS MATERIALIZED (
                SELECT t.feature_id, t.geom_3857, t.properties, b.mx, b.my,
                       ST_XMax(t.geom_3857) - ST_XMin(t.geom_3857) < {small} AND ST_YMax(t.geom_3857) - ST_YMin(t.geom_3857) < {small} AS small,
                       floor((b.mx + {HalfWorld}) / {cell})::bigint AS cx,
                       floor(({HalfWorld} - b.my) / {cell})::bigint AS cy
                FROM {layer.FeatureTable} t,
                     LATERAL (SELECT (ST_XMin(t.geom_3857) + ST_XMax(t.geom_3857)) / 2 AS mx, (ST_YMin(t.geom_3857) + ST_YMax(t.geom_3857)) / 2 AS my) b
                WHERE t.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => {TileQueryOptions.Buffer}.0 / {TileQueryOptions.Extent}){WithinCondition(within)}{thinning}
            ), c AS (
                SELECT s.cx, s.cy, count(*) AS n, min(s.feature_id) AS id, sum(ST_Area(s.geom_3857)) AS area, avg(s.mx) AS mx, avg(s.my) AS my
                FROM s
                WHERE s.small
                  AND s.cx BETWEEN $2::bigint * {cells} - {margin} AND $2::bigint * {cells} + {cells - 1 + margin}
                  AND s.cy BETWEEN $3::bigint * {cells} - {margin} AND $3::bigint * {cells} + {cells - 1 + margin}
                GROUP BY s.cx, s.cy
            )
            SELECT COALESCE(ST_AsMVT(l, {Literal(layer.Id)}, {TileQueryOptions.Extent}, 'geom', 'id'), ''::bytea) FROM (
                SELECT s.feature_id AS id,
                       ST_AsMVTGeom(ST_Simplify(s.geom_3857, {tolerance}, true), {Envelope}, {TileQueryOptions.Extent}, {TileQueryOptions.Buffer}, true) AS geom,
                       {attributes} AS props
                FROM s
                WHERE NOT s.small OR s.feature_id IN (SELECT c.id FROM c WHERE c.n = 1)
                UNION ALL
                SELECT * FROM (
                    SELECT NULL::bigint AS id,
                           ST_AsMVTGeom(ST_Expand(ST_SetSRID(ST_MakePoint(c.mx, c.my), 3857), greatest(sqrt(c.area), {unit}) / 2),
                                        {Envelope}, {TileQueryOptions.Extent}, {TileQueryOptions.Buffer}, true) AS geom,
                           jsonb_build_object('{FeatureCountAttribute}', c.n) AS props
                    FROM c WHERE c.n > 1 ORDER BY c.cy, c.cx
                ) squares
            ) l WHERE l.geom IS NOT NULL)
            """;
    }
}
