using System.Diagnostics;
using System.Globalization;
using Microsoft.JSInterop;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Blazor.Demo.Diagnostics;

/// <summary>For scripts/bench-blazor.sh: decodes given MVT tiles in WebAssembly with the decoder the map uses
/// (<see cref="MvtDecoder"/>: every feature's WGS84 geometry and properties), so the rate can be set against
/// MapLibre's parser on the same bytes in the same browser. Only <c>/dotnet/?bench</c> registers it, as
/// <c>window.spatialHubDecodeBenchmark</c> (js/bench.js); the script calls
/// <c>spatialHubDecodeBenchmark.invokeMethodAsync('DecodeTiles', tiles, rounds)</c>. (An instance through a
/// DotNetObjectReference, as the map's own callbacks: the published app did not resolve a static [JSInvokable] method.)</summary>
public sealed class DecodeBenchmark
{
    /// <summary>Each tile is "z/x/y" and its uncompressed bytes in base64. Returns [tiles decoded, features decoded,
    /// milliseconds] for <paramref name="rounds"/> passes over all tiles (the base64 decoding is not timed).</summary>
    [JSInvokable]
    public double[] DecodeTiles(string[][] tiles, int rounds)
    {
        var input = tiles.Select(t =>
        {
            var zxy = t[0].Split('/').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            return (Tile: new TileId(zxy[0], zxy[1], zxy[2]), Bytes: Convert.FromBase64String(t[1]));
        }).ToList();
        var features = 0L;
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (tile, bytes) in input)
            {
                features += MvtDecoder.Decode(bytes, tile).Count;
            }
        }
        return [(double)input.Count * rounds, features, clock.Elapsed.TotalMilliseconds];
    }
}
