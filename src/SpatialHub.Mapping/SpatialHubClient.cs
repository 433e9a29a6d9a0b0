using SpatialHub.Mapping.Layers;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Mapping;

/// <summary>A map of a SpatialHub service over HTTP: its style (<c>/styles/{layers}</c>) and one vector tile layer of
/// the combined tiles (<c>/tiles/{layers}</c> TileJSON), so each tile position is one request for all datasets.</summary>
public sealed class SpatialHubClient(HttpClient http, Uri serviceUrl)
{
    public async Task<Map> MapAsync(IReadOnlyList<string> datasets, CancellationToken cancellationToken = default)
    {
        var layers = string.Join(',', datasets.Select(Uri.EscapeDataString));
        var style = StyleSheet.Parse(await http.GetStringAsync(new Uri(serviceUrl, $"styles/{layers}"), cancellationToken));
        var tiles = await HttpTileProvider.FromTileJsonAsync(http, new Uri(serviceUrl, $"tiles/{layers}"), cancellationToken);
        var map = new Map();
        map.Layers.Add(new VectorTileLayer(layers, tiles, style));
        return map;
    }
}
