using System.Text.Json;
using SpatialHub.Core.Tiles;

namespace SpatialHub.Server.Tiles.Export;

/// <summary>A PMTiles v3 file: gzip MVT tiles, deduplicated and clustered by <see cref="PMTilesWriter"/>. Tile bytes
/// wait in a scratch file beside the output, so an export's size is not bounded by memory; the archive replaces
/// <c>path</c> only once complete.</summary>
internal sealed class PMTilesArchive : ITileArchive
{
    private readonly string _path;
    private readonly FileStream _scratch;
    private readonly PMTilesWriter _writer;

    public PMTilesArchive(string path)
    {
        _path = path;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _scratch = new FileStream(path + ".tiles.tmp", FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _writer = new PMTilesWriter(_scratch);
    }

    public void Add(TileCoord tile, TileEntry entry) => _writer.Add(tile.Z, tile.X, tile.Y, entry.Body(TileEncoding.Gzip));

    public async Task CompleteAsync(TileJson metadata, int minZoom, int maxZoom, CancellationToken cancellationToken)
    {
        if (_writer.TileCount == 0)
        {
            throw new Cli.CliInputException("Every tile in the zoom range is empty, and a PMTiles archive needs at least one.");
        }
        var b = metadata.Bounds;
        var header = new PMTilesHeader(minZoom, maxZoom, b[0], b[1], b[2], b[3], TileArchive.CenterZoom(metadata, minZoom, maxZoom),
            metadata.Center[0], metadata.Center[1]);
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            name = metadata.Name,
            description = metadata.Description,
            attribution = metadata.Attribution,
            type = "overlay",
            vector_layers = metadata.VectorLayers.Select(l => l with { MinZoom = minZoom, MaxZoom = maxZoom }),
        });
        var temporary = _path + ".tmp";
        await using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            _writer.Finish(output, header, json);
        }
        File.Move(temporary, _path, overwrite: true);
    }

    public ValueTask DisposeAsync() => _scratch.DisposeAsync();
}
