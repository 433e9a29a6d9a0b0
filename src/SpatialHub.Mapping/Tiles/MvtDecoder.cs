using System.IO.Compression;
using NetTopologySuite.IO.VectorTiles.Mapbox;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Tiles;

/// <summary>Decodes Mapbox Vector Tiles with NetTopologySuite.IO.VectorTiles.Mapbox into WGS84 features.</summary>
public static class MvtDecoder
{
    private static readonly MapboxTileReader Reader = new();

    public static IReadOnlyList<MapFeature> Decode(byte[]? bytes, TileId tile)
    {
        if (bytes is not { Length: > 0 })
        {
            return [];
        }
        using var stream = new MemoryStream(Decompress(bytes), writable: false);
        var decoded = Reader.Read(stream, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(tile.X, tile.Y, tile.Z));
        var features = new List<MapFeature>();
        foreach (var layer in decoded.Layers)
        {
            foreach (var feature in layer.Features)
            {
                var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
                if (feature.Attributes is { } attributes)
                {
                    foreach (var name in attributes.GetNames())
                    {
                        properties[name] = StyleExpression.Normalise(attributes[name]);
                    }
                }
                features.Add(new MapFeature(layer.Name, feature.Geometry, properties, (object?)feature.Attributes?.GetOptionalValue("id")));
            }
        }
        return features;
    }

    /// <summary>A gzip body (a tile file served without Content-Encoding) is undone here; anything else is kept.</summary>
    public static byte[] Decompress(byte[] bytes)
    {
        if (bytes is not [0x1f, 0x8b, ..])
        {
            return bytes;
        }
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
