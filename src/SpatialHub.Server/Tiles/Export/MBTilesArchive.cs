using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SpatialHub.Core.Tiles;

namespace SpatialHub.Server.Tiles.Export;

/// <summary>An MBTiles 1.3 file (SQLite): tiles table in TMS rows (row 0 at the south), gzip MVT as vector MBTiles
/// conventionally hold them, and the metadata table with the TileJSON's vector_layers under <c>json</c>.</summary>
internal sealed class MBTilesArchive : ITileArchive
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly SqliteCommand _insert;

    private MBTilesArchive(SqliteConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction();
        Execute("""
            CREATE TABLE metadata (name text NOT NULL, value text);
            CREATE TABLE tiles (zoom_level integer NOT NULL, tile_column integer NOT NULL, tile_row integer NOT NULL, tile_data blob NOT NULL);
            CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
            """);
        _insert = Command("INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES ($z, $x, $y, $data)");
        foreach (var name in new[] { "$z", "$x", "$y", "$data" })
        {
            _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }
    }

    /// <summary>A new file at <paramref name="path"/>; an existing one is replaced rather than appended to.</summary>
    public static MBTilesArchive Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Delete(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return new MBTilesArchive(connection);
    }

    public void Add(TileCoord tile, TileEntry entry)
    {
        var body = entry.Body(TileEncoding.Gzip);
        lock (_gate)
        {
            _insert.Parameters["$z"].Value = tile.Z;
            _insert.Parameters["$x"].Value = tile.X;
            _insert.Parameters["$y"].Value = (1L << tile.Z) - 1 - tile.Y;
            _insert.Parameters["$data"].Value = body;
            _insert.ExecuteNonQuery();
        }
    }

    public Task CompleteAsync(TileJson metadata, int minZoom, int maxZoom, CancellationToken cancellationToken)
    {
        var invariant = CultureInfo.InvariantCulture;
        var values = new Dictionary<string, string?>
        {
            ["name"] = metadata.Name,
            ["description"] = metadata.Description,
            ["attribution"] = metadata.Attribution,
            ["type"] = "overlay",
            ["version"] = "1",
            ["format"] = "pbf",
            ["bounds"] = string.Join(",", metadata.Bounds.Select(v => v.ToString("R", invariant))),
            ["center"] = string.Create(invariant, $"{metadata.Center[0]:R},{metadata.Center[1]:R},{TileArchive.CenterZoom(metadata, minZoom, maxZoom)}"),
            ["minzoom"] = minZoom.ToString(invariant),
            ["maxzoom"] = maxZoom.ToString(invariant),
            ["json"] = JsonSerializer.Serialize(new { vector_layers = metadata.VectorLayers.Select(l => l with { MinZoom = minZoom, MaxZoom = maxZoom }) }),
        };
        lock (_gate)
        {
            using var command = Command("INSERT INTO metadata (name, value) VALUES ($name, $value)");
            var name = command.Parameters.Add(new SqliteParameter { ParameterName = "$name" });
            var value = command.Parameters.Add(new SqliteParameter { ParameterName = "$value" });
            foreach (var (key, text) in values.Where(v => v.Value is not null))
            {
                name.Value = key;
                value.Value = text;
                command.ExecuteNonQuery();
            }
            _transaction.Commit();
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _insert.DisposeAsync();
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }
}
