using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Tiles;

/// <summary>Renders tiles with PostGIS: one statement per tile, repeated with less detail only when the result
/// is over the byte budget. The statement names each version's table and runs through the <see cref="ReadRouter"/>:
/// on a replica, or on the primary when the replica has not replayed that version yet.</summary>
public sealed class TileRenderer(ReadRouter reads, TileQueryOptions options)
{
    public TileRenderer(NpgsqlDataSource dataSource, TileQueryOptions options) : this(ReadRouter.PrimaryOnly(dataSource), options)
    {
    }

    public TileQueryOptions Options => options;

    /// <summary>The tile's MVT bytes (empty when no layer has a feature in it), never over <see cref="TileQueryOptions.MaxTileBytes"/>.</summary>
    public async Task<RenderedTile> RenderAsync(IReadOnlyList<Dataset> layers, TileCoord tile, WithinFilter? within, CancellationToken cancellationToken = default)
    {
        byte[] bytes = [];
        for (var level = 0; level <= TileDetail.Highest; level = NextLevel(level, bytes.Length))
        {
            var detail = new TileDetail(level);
            bytes = await QueryAsync(TileSql.Build(layers, tile.Z, within, options, detail), tile, within, cancellationToken);
            if (bytes.Length <= options.MaxTileBytes)
            {
                return new RenderedTile(bytes, detail);
            }
        }
        // Even one feature in 512 with no attributes is over budget: send nothing rather than break the promise.
        return new RenderedTile([], new TileDetail(TileDetail.Highest + 1));
    }

    /// <summary>The level to try after <paramref name="level"/> gave <paramref name="size"/> bytes. Each level from 2 on
    /// at least halves a tile, so one k times over the budget skips ahead by floor(log2 k) halvings rather than being
    /// rendered once per level on the way: each render reads every feature in the tile, and a dense tile used to
    /// take five or six of them.</summary>
    private int NextLevel(int level, int size)
    {
        var estimate = Math.Max(level, 1) + (int)Math.Log2((double)size / options.MaxTileBytes);
        return level < TileDetail.Highest ? Math.Clamp(estimate, level + 1, TileDetail.Highest) : level + 1;
    }

    private Task<byte[]> QueryAsync(string sql, TileCoord tile, WithinFilter? within, CancellationToken cancellationToken) =>
        reads.ReadAsync(dataSource => QueryAsync(dataSource, sql, tile, within, cancellationToken), null, cancellationToken);

    private static async Task<byte[]> QueryAsync(NpgsqlDataSource dataSource, string sql, TileCoord tile, WithinFilter? within, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(TileSql.Parameters(tile, within).ToArray());
        // Prepared once per pooled connection and statement text (a zoom band and layer set), then reused:
        // Npgsql keeps explicitly prepared statements for the life of the physical connection.
        await command.PrepareAsync(cancellationToken);
        return await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
    }
}

/// <summary>A rendered tile and the detail level it needed to fit the budget (0: full detail).</summary>
public sealed record RenderedTile(byte[] Bytes, TileDetail Detail);
