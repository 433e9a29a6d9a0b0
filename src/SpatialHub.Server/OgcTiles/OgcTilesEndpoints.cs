using System.Globalization;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.OgcTiles;

/// <summary>
/// OGC API – Tiles over the same tiles as <c>/tiles/{layers}/{z}/{x}/{y}</c>. OGC addresses a tile as
/// {tileMatrix}/{tileRow}/{tileCol} (z/y/x), so its tiles live under paths the XYZ template cannot match:
/// <c>/collections/{id}/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}</c> for one dataset and
/// <c>/tilesets/{layers}/WebMercatorQuad/…</c> for several in one tile. <c>/tiles</c> (no segment) lists the tileset of
/// all datasets; <c>/tiles/{layers}</c> stays TileJSON.
/// </summary>
public static class OgcTilesEndpoints
{
    public static IEndpointRouteBuilder MapOgcTiles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("OGC API – Tiles");
        group.MapGet("/tileMatrixSets", (HttpRequest request) => TypedResults.Ok(new TileMatrixSetList(
            [new TileMatrixSetRef(WebMercatorQuad.Id, "Google Maps Compatible for the World", WebMercatorQuad.Uri,
                [new OgcLink(OgcTilesDocuments.TilingSchemeRel, $"{request.BaseUrl()}/tileMatrixSets/{WebMercatorQuad.Id}", "application/json", WebMercatorQuad.Id)])])))
            .WithSummary("The tile matrix sets tiles are offered in (WebMercatorQuad)");
        group.MapGet("/tileMatrixSets/{tileMatrixSetId}", (string tileMatrixSetId, HttpRequest request) =>
                IsWebMercatorQuad(tileMatrixSetId) ? Results.Ok(WebMercatorQuad.Document(request.BaseUrl())) : UnknownTileMatrixSet(tileMatrixSetId))
            .WithSummary("A tile matrix set as OGC 2D Tile Matrix Set 2.0 JSON");

        group.MapGet("/collections/{collectionId}/tiles", async (DatasetId collectionId, HttpRequest request, ITileSource source, CancellationToken cancellationToken) =>
            {
                var set = await source.ResolveAsync(collectionId, null, cancellationToken);
                return TypedResults.Ok(OgcTilesDocuments.List(set.Datasets[0].Title, $"{request.BaseUrl()}/collections/{collectionId}/tiles", request.BaseUrl()));
            })
            .WithSummary("The vector tilesets of one collection");
        group.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}", (DatasetId collectionId, string tileMatrixSetId, HttpRequest request, ITileSource source, TilesOptions options, CancellationToken cancellationToken) =>
                MetadataAsync(collectionId, $"/collections/{collectionId}/tiles", tileMatrixSetId, request, source, options, cancellationToken))
            .WithSummary("Tileset metadata: tile URL template, tile matrix limits, layers");
        group.MapGet("/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", TileAsync)
            .WithSummary("A Mapbox Vector Tile of one collection, addressed as OGC does (tileMatrix = z, tileRow = y, tileCol = x)")
            .Produces(StatusCodes.Status200OK, contentType: TilesEndpoints.ContentType)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/tiles", async (HttpRequest request, CatalogRepository catalog, CancellationToken cancellationToken) =>
            {
                var ids = (await catalog.ListAsync(cancellationToken)).Select(d => d.Id).ToList();
                return TypedResults.Ok(OgcTilesDocuments.List("Every dataset", $"{request.BaseUrl()}/tilesets/{string.Join(',', ids)}", request.BaseUrl()));
            })
            .WithSummary("The dataset's vector tilesets: every collection in one tile (choose others at /tilesets/{layers})");
        group.MapGet("/tilesets/{layers}", async (string layers, HttpRequest request, ITileSource source, CancellationToken cancellationToken) =>
            {
                var set = await source.ResolveAsync(layers, null, cancellationToken);
                return TypedResults.Ok(OgcTilesDocuments.List(string.Join(", ", set.Datasets.Select(d => d.Title)), $"{request.BaseUrl()}/tilesets/{layers}", request.BaseUrl()));
            })
            .WithSummary("The vector tilesets of several collections in one tile (comma-separated ids)");
        group.MapGet("/tilesets/{layers}/{tileMatrixSetId}", (string layers, string tileMatrixSetId, HttpRequest request, ITileSource source, TilesOptions options, CancellationToken cancellationToken) =>
                MetadataAsync(layers, $"/tilesets/{layers}", tileMatrixSetId, request, source, options, cancellationToken))
            .WithSummary("Tileset metadata of several collections in one tile");
        group.MapGet("/tilesets/{layers}/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}",
                (string layers, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol, HttpContext context, TileLoader tiles, TilesOptions options, TileMetrics metrics) =>
                    TileAsync(layers, tileMatrixSetId, tileMatrix, tileRow, tileCol, context, tiles, options, metrics))
            .WithSummary("A Mapbox Vector Tile with one layer per collection, addressed as OGC does")
            .Produces(StatusCodes.Status200OK, contentType: TilesEndpoints.ContentType)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> MetadataAsync(
        string layers, string path, string tileMatrixSetId, HttpRequest request, ITileSource source, TilesOptions options, CancellationToken cancellationToken)
    {
        if (!IsWebMercatorQuad(tileMatrixSetId))
        {
            return UnknownTileMatrixSet(tileMatrixSetId);
        }
        var set = await source.ResolveAsync(layers, null, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = options.MetadataCacheControl;
        var title = string.Join(", ", set.Datasets.Select(d => d.Title));
        return Results.Ok(OgcTilesDocuments.Metadata(set, layers, title, request.BaseUrl() + path, request.BaseUrl(), options));
    }

    private static async Task TileAsync(
        string collectionId, string tileMatrixSetId, string tileMatrix, string tileRow, string tileCol,
        HttpContext context, TileLoader tiles, TilesOptions options, TileMetrics metrics)
    {
        if (!IsWebMercatorQuad(tileMatrixSetId))
        {
            await UnknownTileMatrixSet(tileMatrixSetId).ExecuteAsync(context);
            return;
        }
        if (!int.TryParse(tileMatrix, NumberStyles.None, CultureInfo.InvariantCulture, out var z) || z > TileCoord.MaxZoom)
        {
            throw new InvalidTileException($"tileMatrix '{tileMatrix}' is not a tile matrix of {WebMercatorQuad.Id} served here (0..{TileCoord.MaxZoom}).");
        }
        var (_, entry) = await tiles.GetAsync(collectionId, null, TileCoord.Parse(tileMatrix, tileCol, tileRow), context.RequestAborted);
        await TilesEndpoints.WriteAsync(context, entry, versioned: false, options, metrics);
    }

    private static bool IsWebMercatorQuad(string id) => string.Equals(id, WebMercatorQuad.Id, StringComparison.Ordinal);

    private static IResult UnknownTileMatrixSet(string id) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Tile matrix set not found",
        detail: $"tileMatrixSetId '{id}' is not offered; the only tile matrix set is {WebMercatorQuad.Id} (see /tileMatrixSets).");
}
