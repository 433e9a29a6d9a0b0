using System.Text.Json.Serialization;
using SpatialHub.Core.Tiles;

namespace SpatialHub.Server.OgcTiles;

/// <summary>The one tile matrix set SpatialHub tiles in: OGC's WebMercatorQuad (OGC 17-083r4, annex D.1), the
/// z/x/y grid of every web map, described as an OGC Two Dimensional Tile Matrix Set 2.0 JSON document.</summary>
public static class WebMercatorQuad
{
    public const string Id = "WebMercatorQuad";
    public const string Uri = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
    public const string Crs = "http://www.opengis.net/def/crs/EPSG/0/3857";

    /// <summary>The standard defines matrices 0..24; SpatialHub renders up to <see cref="TileCoord.MaxZoom"/>.</summary>
    public const int StandardMaxZoom = 24;

    private const double HalfWorld = 20037508.3427892;

    public static TileMatrixSetDocument Document(string baseUrl) => new(
        Id,
        "Google Maps Compatible for the World",
        Uri,
        Crs,
        ["X", "Y"],
        "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        Enumerable.Range(0, StandardMaxZoom + 1).Select(Matrix).ToList(),
        [new OgcLink("self", $"{baseUrl}/tileMatrixSets/{Id}", "application/json", "This tile matrix set")]);

    private static TileMatrix Matrix(int z)
    {
        var cellSize = 2 * HalfWorld / 256 / Math.Pow(2, z);
        var size = 1L << z;
        double[] origin = [-HalfWorld, HalfWorld];
        return new TileMatrix(z.ToString(System.Globalization.CultureInfo.InvariantCulture), cellSize / 0.00028, cellSize, "topLeft", origin, 256, 256, size, size);
    }
}

public sealed record TileMatrixSetDocument(
    string Id, string Title, string Uri, string Crs, IReadOnlyList<string> OrderedAxes, string WellKnownScaleSet,
    IReadOnlyList<TileMatrix> TileMatrices, IReadOnlyList<OgcLink> Links);

public sealed record TileMatrix(
    string Id, double ScaleDenominator, double CellSize, string CornerOfOrigin, IReadOnlyList<double> PointOfOrigin,
    int TileWidth, int TileHeight, long MatrixWidth, long MatrixHeight);

/// <summary>An OGC API link; <c>templated</c> marks an href with <c>{tileMatrix}/{tileRow}/{tileCol}</c> to fill in.</summary>
public sealed record OgcLink(
    string Rel, string Href, string Type, string? Title = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Templated = null);
