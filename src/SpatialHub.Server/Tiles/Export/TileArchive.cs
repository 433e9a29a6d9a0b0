using SpatialHub.Core.Tiles;

namespace SpatialHub.Server.Tiles.Export;

/// <summary>A single-file tile archive an export writes into: tiles arrive from several threads in any order, then
/// <see cref="CompleteAsync"/> writes the metadata (the same TileJSON the service answers) and closes the file.</summary>
public interface ITileArchive : IAsyncDisposable
{
    void Add(TileCoord tile, TileEntry entry);

    Task CompleteAsync(TileJson metadata, int minZoom, int maxZoom, CancellationToken cancellationToken);
}

public static class TileArchive
{
    public const string Formats = "pmtiles|mbtiles|dir";

    /// <summary>The archive for <paramref name="path"/>: by <paramref name="format"/> when given, else by the file's
    /// extension; null for a z/x/y folder pyramid.</summary>
    public static ITileArchive? Open(string path, string? format)
    {
        format ??= Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".pmtiles" => "pmtiles",
            ".mbtiles" => "mbtiles",
            _ => "dir",
        };
        return format.ToLowerInvariant() switch
        {
            "pmtiles" => new PMTilesArchive(path),
            "mbtiles" => MBTilesArchive.Create(path),
            "dir" => null,
            _ => throw new Cli.CliInputException($"--format '{format}' is not one of {Formats}."),
        };
    }

    /// <summary>The zoom a map opens at: the TileJSON's, inside the exported range.</summary>
    internal static int CenterZoom(TileJson metadata, int minZoom, int maxZoom) => Math.Clamp((int)metadata.Center[2], minZoom, maxZoom);
}
