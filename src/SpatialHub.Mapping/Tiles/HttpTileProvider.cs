using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SpatialHub.Mapping.Geometry;

namespace SpatialHub.Mapping.Tiles;

/// <summary>Vector tiles from any TileJSON 3 endpoint, e.g. a SpatialHub's <c>/tiles/{layers}</c>. The HttpClient
/// should decompress (<see cref="DecompressionMethods.All"/>); the provider also undoes a gzip body it is handed.</summary>
public sealed class HttpTileProvider : ITileProvider
{
    private readonly HttpClient _http;
    private readonly string _template;

    private HttpTileProvider(HttpClient http, string template, int minZoom, int maxZoom, string? attribution)
    {
        _http = http;
        _template = template;
        MinZoom = minZoom;
        MaxZoom = maxZoom;
        Attribution = attribution;
    }

    public int MinZoom { get; }
    public int MaxZoom { get; }
    public string? Attribution { get; }

    /// <summary>Reads the TileJSON at <paramref name="tileJsonUrl"/> and uses its first tile URL template.</summary>
    public static async Task<HttpTileProvider> FromTileJsonAsync(HttpClient http, Uri tileJsonUrl, CancellationToken cancellationToken = default)
    {
        var json = JsonNode.Parse(await http.GetStringAsync(tileJsonUrl, cancellationToken))
            ?? throw new FormatException($"{tileJsonUrl} is not a TileJSON document.");
        var template = (string?)json["tiles"]?[0] ?? throw new FormatException($"The TileJSON at {tileJsonUrl} has no tiles.");
        return new HttpTileProvider(http, new Uri(tileJsonUrl, template).ToString(),
            (int?)json["minzoom"] ?? 0, (int?)json["maxzoom"] ?? 22, AttributionText.FromHtml((string?)json["attribution"]));
    }

    public async Task<byte[]?> GetTileAsync(TileId tile, CancellationToken cancellationToken)
    {
        var url = _template.Replace("{z}", tile.Z.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{x}", tile.X.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{y}", tile.Y.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var response = await _http.GetAsync(url, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return MvtDecoder.Decompress(await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }
}
