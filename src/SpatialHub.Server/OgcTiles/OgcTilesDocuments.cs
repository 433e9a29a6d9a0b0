using System.Text.Json.Serialization;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Tiles;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.OgcTiles;

/// <summary>OGC API – Tiles documents (OGC 20-057): tileset lists and tileset metadata, for one collection
/// (<c>/collections/{id}/tiles</c>) or several datasets in one tile (<c>/tilesets/{layers}</c>).</summary>
public static class OgcTilesDocuments
{
    public const string TilingSchemeRel = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>Not geodata-tilesets nor dataset-tilesets: those require a tilesets-vector link from each collection and
    /// from the landing page, which GDAL 3.6's OGCAPI driver would then follow instead of reading the items, and fail.</summary>
    public static readonly IReadOnlyList<string> ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
        "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
    ];

    /// <param name="root">The tilesets' URL without the tile matrix set, e.g. <c>{base}/collections/wifi-hk/tiles</c>.</param>
    public static TilesetList List(string title, string root, string baseUrl) => new(
        [new OgcLink("self", root, "application/json", $"Tilesets of {title}")],
        [new TilesetSummary(title, "vector", WebMercatorQuad.Crs, WebMercatorQuad.Uri,
            [
                new OgcLink("self", $"{root}/{WebMercatorQuad.Id}", "application/json", "Tileset metadata"),
                new OgcLink(TilingSchemeRel, $"{baseUrl}/tileMatrixSets/{WebMercatorQuad.Id}", "application/json", WebMercatorQuad.Id),
            ])]);

    public static Tileset Metadata(LayerSet set, string layers, string title, string root, string baseUrl, TilesOptions options)
    {
        var datasets = set.Datasets;
        var bbox = TileJson.From(set, layers, null, baseUrl, options).Bounds;
        var limits = Enumerable.Range(0, options.TileJsonMaxZoom + 1).Select(z =>
        {
            var northWest = WebMercator.TileContaining(bbox[0], bbox[3], z);
            var southEast = WebMercator.TileContaining(bbox[2], bbox[1], z);
            return new TileMatrixLimits(z.ToString(System.Globalization.CultureInfo.InvariantCulture), northWest.Y, southEast.Y, northWest.X, southEast.X);
        }).ToList();
        var tileset = $"{root}/{WebMercatorQuad.Id}";
        return new Tileset(
            title, "vector", WebMercatorQuad.Crs, WebMercatorQuad.Uri, limits,
            new BoundingBox([bbox[0], bbox[1]], [bbox[2], bbox[3]], Crs84),
            datasets.Select(d => new TilesetLayer(d.Id, d.Title, "vector", Dimension(d.GeometryType), "0", options.TileJsonMaxZoom.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList(),
            [
                new OgcLink("self", tileset, "application/json", "This tileset"),
                new OgcLink(TilingSchemeRel, $"{baseUrl}/tileMatrixSets/{WebMercatorQuad.Id}", "application/json", WebMercatorQuad.Id),
                new OgcLink("item", $"{tileset}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}", TilesEndpoints.ContentType, "Mapbox Vector Tiles", Templated: true),
            ]);
    }

    /// <summary>0 points, 1 lines, 2 polygons; null when the dataset mixes them.</summary>
    private static int? Dimension(string geometryType) =>
        geometryType.Contains("Point", StringComparison.Ordinal) ? 0
        : geometryType.Contains("Line", StringComparison.Ordinal) ? 1
        : geometryType.Contains("Polygon", StringComparison.Ordinal) ? 2
        : null;
}

public sealed record TileMatrixSetList(IReadOnlyList<TileMatrixSetRef> TileMatrixSets);

public sealed record TileMatrixSetRef(string Id, string Title, string Uri, IReadOnlyList<OgcLink> Links);

public sealed record TilesetList(IReadOnlyList<OgcLink> Links, IReadOnlyList<TilesetSummary> Tilesets);

public sealed record TilesetSummary(string Title, string DataType, string Crs, string TileMatrixSetURI, IReadOnlyList<OgcLink> Links);

public sealed record Tileset(
    string Title, string DataType, string Crs, string TileMatrixSetURI, IReadOnlyList<TileMatrixLimits> TileMatrixSetLimits,
    BoundingBox BoundingBox, IReadOnlyList<TilesetLayer> Layers, IReadOnlyList<OgcLink> Links);

public sealed record TileMatrixLimits(string TileMatrix, long MinTileRow, long MaxTileRow, long MinTileCol, long MaxTileCol);

public sealed record BoundingBox(IReadOnlyList<double> LowerLeft, IReadOnlyList<double> UpperRight, string Crs);

public sealed record TilesetLayer(
    string Id, string Title, string DataType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? GeometryDimension,
    string MinTileMatrix, string MaxTileMatrix);
