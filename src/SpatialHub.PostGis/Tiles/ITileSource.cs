using System.Diagnostics.CodeAnalysis;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;

namespace SpatialHub.PostGis.Tiles;

/// <summary>
/// The one seam every tile goes through (modelled on martin's <c>Source</c> trait): a source names itself and its
/// content type, resolves a request's layers to a <see cref="LayerSet"/> at their current versions (what TileJSON
/// describes and what caches key on), and returns one tile's bytes for (layer set, z, x, y). The vector source is
/// <see cref="PostGisTileSource"/>; raster tiles, PMTiles/MBTiles export and the in-process renderer are meant to
/// read through a source too, and to be sources themselves. Caching and coalescing sit in front of it (the server's
/// <c>TileLoader</c>), so a source only ever renders.
/// </summary>
public interface ITileSource
{
    /// <summary>A short name for logs and metrics, e.g. <c>postgis-mvt</c>.</summary>
    string Id { get; }

    /// <summary>The media type of the tiles' uncompressed bytes.</summary>
    string ContentType { get; }

    /// <summary>The datasets at their current versions. Throws <see cref="DatasetNotFoundException"/> for an unknown
    /// one and <see cref="DatabaseUnavailableException"/> when the versions cannot be read.</summary>
    /// <remarks><paramref name="layers"/> is the <c>{layers}</c> path segment as sent (one dataset id or a
    /// comma-separated list) and <paramref name="within"/> the <c>dataset:featureId</c> text, so that a request seen
    /// before is answered without parsing either again.</remarks>
    ValueTask<LayerSet> ResolveAsync(string layers, string? within, CancellationToken cancellationToken);

    /// <summary>The set for this request when it is known to be current without any I/O (the hot path of cached
    /// tiles); false when only <see cref="ResolveAsync"/> can tell.</summary>
    bool TryGetCurrent(string layers, string? within, [NotNullWhen(true)] out LayerSet? set);

    /// <summary>The set this source last resolved for the same request, asking no one (for stale-if-error); null if none.</summary>
    LayerSet? LastResolved(string layers, string? within);

    /// <summary>One tile: its uncompressed bytes (empty when the tile has nothing in it) and the detail it kept.</summary>
    Task<RenderedTile> GetTileAsync(LayerSet layers, TileCoord tile, CancellationToken cancellationToken);
}
