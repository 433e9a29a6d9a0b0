using System.Globalization;
using NetTopologySuite.Geometries;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;

namespace SpatialHub.PostGis.Tiles;

/// <summary>
/// The layer of a polygon dataset, generalised so that its first render fits the byte budget however dense the data.
/// A tile draws at most <see cref="DrawnPolygons"/> polygons as themselves (simplified to the pixel): all those at
/// least a pixel (1/256 of the tile) across when there are no more than that, else the largest. Every other polygon
/// is counted into the cell of a 2-pixel grid aligned to the world that holds its bounding box centre, and each cell is
/// sent as one square of their summed area (at least a grid unit across) around their mean centre, with
/// <see cref="FeatureCountAttribute"/> and no id: at most 128 × 128 squares a tile. In a sparse tile, a cell holding
/// a single small polygon sends that polygon instead, so a tile of a few footprints is the same as a plain render.
/// No polygon is dropped: each is drawn or counted in a square.
/// </summary>
/// <remarks>
/// A dense tile thus reads its polygons' bounding boxes and areas once (no clipping or encoding of the many small
/// ones), instead of encoding all of them, finding the result over the budget and encoding them again with less
/// detail. Each less detailed level (<see cref="TileDetail"/>) halves the polygons drawn and the cells per side and
/// doubles the pixel and the simplification; polygons are never thinned. Cells are whole: a tile groups the small
/// polygons of every cell within its 64-unit buffer (two cells), all of which its search box finds, so neighbouring
/// tiles send the same square for a cell they share.
/// </remarks>
public static partial class TileSql
{
    /// <summary>Attribute of a square that stands for several polygons too small to draw one by one: how many.</summary>
    public const string FeatureCountAttribute = "feature_count";

    /// <summary>Cells per tile side at full detail (2-pixel cells of a 256-pixel tile).</summary>
    private const int PolygonCells = 128;

    /// <summary>Budget bytes allowed per polygon drawn as itself with its attributes (a footprint takes 30–60).</summary>
    private const int BytesPerDrawnPolygon = 128;

    /// <summary>Most polygons a tile draws as themselves at full detail.</summary>
    public static int DrawnPolygons(TileQueryOptions options) => Math.Max(1, options.MaxTileBytes / BytesPerDrawnPolygon);

    private static bool IsPolygon(Dataset layer) =>
        GeometryTypes.Parse(layer.GeometryType) is OgcGeometryType.Polygon or OgcGeometryType.MultiPolygon;

    private static string PolygonLayer(Dataset layer, WithinFilter? within, TileQueryOptions options, TileDetail detail)
    {
        var cells = Math.Max(1, PolygonCells >> detail.Halvings);
        var drawn = Math.Max(1, DrawnPolygons(options) >> detail.Halvings);
        var cell = $"({TileSize} / {cells})";
        var pixel = $"({TileSize} / {cells * 2})";
        var unit = $"({TileSize} / {TileQueryOptions.Extent})";
        var tolerance = string.Create(CultureInfo.InvariantCulture,
            $"({TileSize} / {TileQueryOptions.Extent} * {options.SimplifyPixels * 16 * detail.ToleranceFactor:R})");
        var attributes = detail.KeepsAttributes ? "f.properties" : "'{}'::jsonb";
        var margin = TileQueryOptions.Buffer * cells / TileQueryOptions.Extent; // the buffer in whole cells
        // s: what the search box finds, narrow (no geometry or attributes: a dense tile has hundreds of thousands);
        // k: the size a polygon must exceed to be drawn when the tile has more than it may draw (-1: it has not);
        // d: the polygons drawn as themselves; c: the others per cell within the tile and its buffer. Squares are
        // ordered by cell, so the same tile has the same bytes whichever plan runs it.
        return $"""
            (WITH s AS MATERIALIZED (
                SELECT t.feature_id AS id, ST_Area(t.geom_3857) AS area,
                       (ST_XMin(t.geom_3857) + ST_XMax(t.geom_3857)) / 2 AS mx, (ST_YMin(t.geom_3857) + ST_YMax(t.geom_3857)) / 2 AS my,
                       greatest(ST_XMax(t.geom_3857) - ST_XMin(t.geom_3857), ST_YMax(t.geom_3857) - ST_YMin(t.geom_3857)) AS size
                FROM {layer.FeatureTable} t
                WHERE t.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => {TileQueryOptions.Buffer}.0 / {TileQueryOptions.Extent}){WithinCondition(within)}
            ), k AS (
                SELECT COALESCE((SELECT s.size FROM s ORDER BY s.size DESC OFFSET {drawn} LIMIT 1), -1) AS size
            ), d AS (
                SELECT s.id FROM s, k WHERE s.size >= {pixel} AND s.size > k.size
            ), c AS (
                SELECT count(*) AS n, min(p.id) AS id, sum(p.area) AS area, avg(p.mx) AS mx, avg(p.my) AS my, p.cx, p.cy
                FROM (SELECT s.*, floor((s.mx + {HalfWorld}) / {cell})::bigint AS cx, floor(({HalfWorld} - s.my) / {cell})::bigint AS cy
                      FROM s WHERE s.id NOT IN (SELECT d.id FROM d)) p
                WHERE p.cx BETWEEN $2::bigint * {cells} - {margin} AND $2::bigint * {cells} + {cells - 1 + margin}
                  AND p.cy BETWEEN $3::bigint * {cells} - {margin} AND $3::bigint * {cells} + {cells - 1 + margin}
                GROUP BY p.cx, p.cy
            )
            SELECT COALESCE(ST_AsMVT(l, {Literal(layer.Id)}, {TileQueryOptions.Extent}, 'geom', 'id'), ''::bytea) FROM (
                SELECT f.feature_id AS id,
                       ST_AsMVTGeom(ST_Simplify(f.geom_3857, {tolerance}, true), {Envelope}, {TileQueryOptions.Extent}, {TileQueryOptions.Buffer}, true) AS geom,
                       {attributes} AS props
                FROM {layer.FeatureTable} f
                WHERE f.feature_id IN (SELECT d.id FROM d UNION ALL SELECT c.id FROM c, k WHERE c.n = 1 AND k.size = -1)
                UNION ALL
                SELECT * FROM (
                    SELECT NULL::bigint AS id,
                           ST_AsMVTGeom(ST_Expand(ST_SetSRID(ST_MakePoint(c.mx, c.my), 3857), greatest(sqrt(c.area), {unit}) / 2),
                                        {Envelope}, {TileQueryOptions.Extent}, {TileQueryOptions.Buffer}, true) AS geom,
                           jsonb_build_object('{FeatureCountAttribute}', c.n) AS props
                    FROM c, k WHERE c.n > 1 OR k.size <> -1 ORDER BY c.cy, c.cx
                ) squares
            ) l WHERE l.geom IS NOT NULL)
            """;
    }
}
