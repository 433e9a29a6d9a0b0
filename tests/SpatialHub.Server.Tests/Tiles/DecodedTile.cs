using System.Net;
using SpatialHub.Server.Tests.Tiles.Mvt;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary>A tile decoded with the classes generated from vector_tile.proto: layers by name, each feature with
/// its id, attributes and first vertex in tile units (0..4096).</summary>
public sealed record DecodedTile(IReadOnlyDictionary<string, IReadOnlyList<DecodedFeature>> Layers, int Bytes)
{
    public static DecodedTile Empty { get; } = new(new Dictionary<string, IReadOnlyList<DecodedFeature>>(), 0);

    public IReadOnlyList<DecodedFeature> Layer(string name) => Layers.TryGetValue(name, out var features) ? features : [];

    public static DecodedTile Decode(byte[] bytes)
    {
        var tile = Tile.Parser.ParseFrom(bytes);
        var layers = new Dictionary<string, IReadOnlyList<DecodedFeature>>(StringComparer.Ordinal);
        foreach (var layer in tile.Layers)
        {
            layers.Add(layer.Name, layer.Features.Select(f => DecodeFeature(layer, f)).ToList());
        }
        return new DecodedTile(layers, bytes.Length);
    }

    /// <summary>GETs a tile: 204 decodes as empty; anything but 200/204 fails the test.</summary>
    public static async Task<DecodedTile> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return Empty;
        }
        response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        return Decode(await response.Content.ReadAsByteArrayAsync());
    }

    private static DecodedFeature DecodeFeature(Tile.Types.Layer layer, Tile.Types.Feature feature)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < feature.Tags.Count; i += 2)
        {
            attributes[layer.Keys[(int)feature.Tags[i]]] = Value(layer.Values[(int)feature.Tags[i + 1]]);
        }
        var (x, y) = FirstVertex(feature.Geometry);
        return new DecodedFeature(feature.HasId ? feature.Id : null, feature.Type, attributes, x, y);
    }

    private static object Value(Tile.Types.Value value) =>
        value.HasStringValue ? value.StringValue
        : value.HasIntValue ? value.IntValue
        : value.HasUintValue ? (long)value.UintValue
        : value.HasSintValue ? value.SintValue
        : value.HasDoubleValue ? value.DoubleValue
        : value.HasFloatValue ? (double)value.FloatValue
        : value.BoolValue;

    private static (int X, int Y) FirstVertex(IReadOnlyList<uint> geometry)
    {
        // The first command of every geometry is MoveTo(1) with one zig-zag encoded pair.
        if (geometry.Count < 3 || (geometry[0] & 7) != 1)
        {
            throw new InvalidDataException("Geometry does not start with MoveTo.");
        }
        static int ZigZag(uint v) => (int)(v >> 1) ^ -(int)(v & 1);
        return (ZigZag(geometry[1]), ZigZag(geometry[2]));
    }
}

/// <summary>One decoded feature.</summary>
public sealed record DecodedFeature(ulong? Id, Tile.Types.GeomType Type, IReadOnlyDictionary<string, object> Attributes, int X, int Y)
{
    public bool IsCluster => Attributes.ContainsKey("point_count");

    /// <summary>How many points this feature stands for: a cluster's point_count, else 1.</summary>
    public long PointCount => IsCluster ? Convert.ToInt64(Attributes["point_count"], System.Globalization.CultureInfo.InvariantCulture) : 1;

    /// <summary>False for a raw point drawn from a neighbouring tile's extent (marked _buffer).</summary>
    public bool InExtent => !Attributes.ContainsKey("_buffer");

    public long LongAttribute(string name) =>
        Attributes.TryGetValue(name, out var value) ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
}
