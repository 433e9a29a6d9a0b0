using Npgsql;
using NpgsqlTypes;
using SpatialHub.Core.Analytics;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Replicas;
using static SpatialHub.PostGis.Analytics.AnalyticsStatement;

namespace SpatialHub.PostGis.Analytics;

/// <summary>One non-empty cell: column <see cref="I"/> and row <see cref="J"/> of the grid, so that it covers HK1980
/// eastings [I × size, (I + 1) × size) and northings [J × size, (J + 1) × size).</summary>
public sealed record GridCell(long I, long J, long Count);

/// <summary>The non-empty cells of a dataset's density grid, by column then row.</summary>
public sealed record DensityGridResult(Dataset Dataset, int CellSize, IReadOnlyList<GridCell> Cells);

/// <summary>
/// Feature counts per square cell of the HK1980 Grid (EPSG:2326), as a list or as Mapbox Vector Tiles.
/// </summary>
/// <remarks>
/// Cells are aligned on the grid's origin: cell (i, j) is the half-open square [i·s, (i+1)·s) × [j·s, (j+1)·s) in
/// metres, so a point on a cell edge belongs to the cell east or north of it and every feature is counted once: the
/// point itself, ST_PointOnSurface for lines and polygons, transformed by PostGIS from WGS84 to EPSG:2326.
/// A tile shows every cell it touches with the cell's whole count, including features outside the tile.
/// </remarks>
public sealed class DensityGrid(ReadRouter reads, TimeSpan timeout)
{
    /// <summary>The MVT layer of grid tiles. '@' cannot occur in a dataset id, so it never clashes with a dataset layer.</summary>
    public const string LayerName = "@grid";

    public async Task<DensityGridResult> ComputeAsync(Dataset dataset, int cellSize, CancellationToken cancellationToken = default)
    {
        var cells = await RunAsync(reads, timeout, CellsSql(dataset), [Double(cellSize)], async (reader, ct) =>
        {
            var list = new List<GridCell>();
            while (await reader.ReadAsync(ct))
            {
                list.Add(new GridCell(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
            return list;
        }, cancellationToken);
        return new DensityGridResult(dataset, cellSize, cells);
    }

    /// <summary>The grid tile's MVT bytes; empty when no cell touches the tile or the zoom is below the cell's
    /// <see cref="AnalyticsLimits.MinZoom"/>.</summary>
    public async Task<byte[]> TileAsync(Dataset dataset, int cellSize, TileCoord tile, CancellationToken cancellationToken = default)
    {
        if (tile.Z < AnalyticsLimits.MinZoom(cellSize))
        {
            return [];
        }
        NpgsqlParameter[] parameters =
        [
            Double(cellSize),
            new() { Value = tile.Z, NpgsqlDbType = NpgsqlDbType.Integer },
            new() { Value = tile.X, NpgsqlDbType = NpgsqlDbType.Integer },
            new() { Value = tile.Y, NpgsqlDbType = NpgsqlDbType.Integer },
        ];
        return await RunAsync(reads, timeout, TileSql(dataset), parameters,
            async (reader, ct) => await reader.ReadAsync(ct) && !reader.IsDBNull(0) ? reader.GetFieldValue<byte[]>(0) : [], cancellationToken);
    }

    private static string Cell(string point) => $"floor(ST_X({point}) / $1)::bigint AS i, floor(ST_Y({point}) / $1)::bigint AS j";

    private static string Representative(Dataset dataset) =>
        GeometryTypes.IsPoint(dataset.GeometryType)
            ? "ST_Transform(f.geom, 2326)"
            : "ST_Transform(ST_PointOnSurface(f.geom), 2326)";

    /// <summary>$1: the cell size in metres.</summary>
    internal static string CellsSql(Dataset dataset) => $"""
        SELECT c.i, c.j, count(*)
        FROM (SELECT {Cell("p.p")} FROM (SELECT {Representative(dataset)} AS p FROM {dataset.FeatureTable} f) p) c
        GROUP BY c.i, c.j
        ORDER BY c.i, c.j
        """;

    /// <summary>$1: cell size, $2..$4: z, x, y. The cells are those whose square meets the tile; their features are
    /// found through the geom_3857 index with the cells' block, transformed back to Web Mercator and widened by 1 %
    /// plus a metre so that the slight curvature of the transformed edges loses no point; the exact cell test is then
    /// made in HK1980 metres.</summary>
    internal static string TileSql(Dataset dataset) => $"""
        WITH tile AS (SELECT ST_Transform(ST_TileEnvelope($2, $3, $4), 2326) AS hk),
        span AS (
            SELECT floor(ST_XMin(hk) / $1)::bigint AS i0, floor(ST_XMax(hk) / $1)::bigint AS i1,
                   floor(ST_YMin(hk) / $1)::bigint AS j0, floor(ST_YMax(hk) / $1)::bigint AS j1
            FROM tile
        ),
        search AS (
            SELECT s.*, ST_Expand(b, 1 + 0.01 * greatest(ST_XMax(b) - ST_XMin(b), ST_YMax(b) - ST_YMin(b))) AS box
            FROM span s CROSS JOIN LATERAL (
                SELECT ST_Envelope(ST_Transform(ST_Segmentize(
                    ST_MakeEnvelope(s.i0 * $1, s.j0 * $1, (s.i1 + 1) * $1, (s.j1 + 1) * $1, 2326), $1), 3857)) AS b
            ) e
        ),
        cells AS (
            SELECT c.i, c.j, count(*) AS n
            FROM search s
            CROSS JOIN LATERAL (
                SELECT {Cell("p.p")}
                FROM (SELECT {Representative(dataset)} AS p FROM {dataset.FeatureTable} f WHERE f.geom_3857 && s.box) p
            ) c
            WHERE c.i BETWEEN s.i0 AND s.i1 AND c.j BETWEEN s.j0 AND s.j1
            GROUP BY c.i, c.j
        )
        SELECT ST_AsMVT(l, '{LayerName}', 4096, 'geom') FROM (
            SELECT c.n AS count, c.i, c.j, $1::int AS cell_m,
                   ST_AsMVTGeom(ST_Transform(ST_Segmentize(ST_MakeEnvelope(c.i * $1, c.j * $1, (c.i + 1) * $1, (c.j + 1) * $1, 2326), $1 / 4), 3857),
                                ST_TileEnvelope($2, $3, $4), 4096, 64, true) AS geom
            FROM cells c
        ) l WHERE l.geom IS NOT NULL
        """;
}
