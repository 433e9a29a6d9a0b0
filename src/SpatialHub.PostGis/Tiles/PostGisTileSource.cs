using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Tiles;

/// <summary>Mapbox Vector Tiles rendered by PostGIS: versions from the <see cref="TileVersionResolver"/>, one
/// statement per tile from <see cref="TileRenderer"/>, read through the <see cref="ReadRouter"/> (a current replica,
/// else the primary). Database outages surface as <see cref="DatabaseUnavailableException"/>.</summary>
public sealed class PostGisTileSource(Func<ReadRouter> reads, CatalogVersionWatcher? watcher, TileQueryOptions options) : ITileSource
{
    private readonly TileVersionResolver _versions = new(reads, watcher, options.MaxLayers);

    public string Id => "postgis-mvt";

    public string ContentType => "application/vnd.mapbox-vector-tile";

    public TileQueryOptions Options => options;

    public ValueTask<LayerSet> ResolveAsync(string layers, string? within, CancellationToken cancellationToken) =>
        _versions.ResolveAsync(layers, within, cancellationToken);

    public bool TryGetCurrent(string layers, string? within, [NotNullWhen(true)] out LayerSet? set) =>
        _versions.TryGetCurrent(layers, within, out set);

    public LayerSet? LastResolved(string layers, string? within) => _versions.LastResolved(layers, within);

    public Task<RenderedTile> GetTileAsync(LayerSet layers, TileCoord tile, CancellationToken cancellationToken) =>
        DatabaseErrors.TranslateAsync(() =>
            new TileRenderer(reads(), options).RenderAsync(layers.Datasets, tile, layers.Within, cancellationToken));

    /// <summary>The statement that renders <paramref name="tile"/> at full detail, with its parameters (for EXPLAIN,
    /// <c>spatialhub tiles sql</c> and benchmarks).</summary>
    public (string Sql, IReadOnlyList<DbParameter> Parameters) Statement(LayerSet layers, TileCoord tile) =>
        (TileSql.Build(layers.Datasets, tile.Z, layers.Within, options, TileDetail.Full), TileSql.Parameters(tile, layers.Within).ToList());
}
