using System.IO.Compression;
using System.Security.Cryptography;

namespace SpatialHub.Server.Tiles;

/// <summary>One rendered tile as it is cached: the MVT bytes, their strong ETag, and each compressed form made at
/// most once (on first request for that encoding) and then kept with it.</summary>
public sealed class TileEntry
{
    private readonly Lazy<byte[]> _gzip;
    private readonly Lazy<byte[]> _brotli;
    private readonly string[] _etags;

    public TileEntry(byte[] bytes)
    {
        Bytes = bytes;
        Hash = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12));
        // Built once: every response of the tile sends one of them.
        _etags = [$"\"{Hash}\"", $"\"{Hash}-gzip\"", $"\"{Hash}-br\""];
        _gzip = new Lazy<byte[]>(() => Compress(bytes, s => new GZipStream(s, CompressionLevel.Optimal)));
        _brotli = new Lazy<byte[]>(() => Compress(bytes, s => new BrotliStream(s, CompressionLevel.Optimal)));
    }

    public byte[] Bytes { get; }

    /// <summary>Hash of the uncompressed bytes; the ETag of each encoding is derived from it.</summary>
    public string Hash { get; }

    public bool IsEmpty => Bytes.Length == 0;

    /// <summary>Bytes the cache charges for this entry: the tile and room for its compressed forms.</summary>
    public long CacheSize => 256 + 2L * Bytes.Length;

    /// <summary>Strong ETag of the representation in <paramref name="encoding"/>: each encoding is a different byte sequence.</summary>
    public string ETag(TileEncoding encoding) => _etags[(int)encoding];

    public byte[] Body(TileEncoding encoding) => encoding switch
    {
        TileEncoding.Gzip => _gzip.Value,
        TileEncoding.Brotli => _brotli.Value,
        _ => Bytes,
    };

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream(bytes.Length / 2 + 64);
        using (var stream = compressor(output))
        {
            stream.Write(bytes);
        }
        return output.ToArray();
    }
}

/// <summary>The content codings a tile is served in.</summary>
public enum TileEncoding
{
    Identity,
    Gzip,
    Brotli,
}
