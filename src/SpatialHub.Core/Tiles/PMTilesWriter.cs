using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace SpatialHub.Core.Tiles;

/// <summary>What the PMTiles v3 header says about the whole archive (spec/v3/spec.md, chapter 3).</summary>
public sealed record PMTilesHeader(
    int MinZoom, int MaxZoom, double West, double South, double East, double North, int CenterZoom, double CenterLon, double CenterLat,
    PMTilesCompression TileCompression = PMTilesCompression.Gzip, PMTilesTileType TileType = PMTilesTileType.Mvt);

public enum PMTilesCompression : byte
{
    Unknown = 0,
    None = 1,
    Gzip = 2,
}

public enum PMTilesTileType : byte
{
    Unknown = 0,
    Mvt = 1,
}

/// <summary>
/// Writes a PMTiles v3 archive: header, gzip root directory, gzip JSON metadata, gzip leaf directories when the root
/// would not fit the first 16 KiB, then the tile data clustered by tile id. Tiles may be added in any order and from
/// several threads; equal contents are stored once, and runs of consecutive ids with equal contents share one entry.
/// Tile bytes wait in <paramref name="scratch"/> (seekable: a temporary file for big exports) until <see cref="Finish"/>.
/// </summary>
public sealed class PMTilesWriter(Stream scratch)
{
    private const int HeaderLength = 127;
    private const int RootLimit = 16384 - HeaderLength;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Offset, int Length)> _contents = new(StringComparer.Ordinal);
    private readonly List<(ulong Id, long Offset, int Length)> _tiles = [];

    public int TileCount
    {
        get
        {
            lock (_gate)
            {
                return _tiles.Count;
            }
        }
    }

    /// <summary>Adds one tile's stored bytes (already compressed as the header's TileCompression says). Empty tiles are
    /// left out: a reader answers "no tile" for an id the directories do not name.</summary>
    public void Add(int z, long x, long y, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        var id = PMTilesIds.FromTile(z, x, y);
        var hash = Convert.ToHexString(SHA256.HashData(data));
        lock (_gate)
        {
            if (!_contents.TryGetValue(hash, out var content))
            {
                content = (scratch.Length, data.Length);
                scratch.Seek(0, SeekOrigin.End);
                scratch.Write(data);
                _contents[hash] = content;
            }
            _tiles.Add((id, content.Offset, content.Length));
        }
    }

    /// <summary>Writes the archive to <paramref name="output"/>. <paramref name="metadataJson"/> is the JSON metadata
    /// (for MVT it must carry <c>vector_layers</c>).</summary>
    public void Finish(Stream output, PMTilesHeader header, ReadOnlySpan<byte> metadataJson)
    {
        lock (_gate)
        {
            if (_tiles.Count == 0)
            {
                throw new InvalidOperationException("A PMTiles archive needs at least one tile; every tile was empty.");
            }
            _tiles.Sort((a, b) => a.Id.CompareTo(b.Id));
            if (_tiles.Zip(_tiles.Skip(1)).Any(p => p.First.Id == p.Second.Id))
            {
                throw new InvalidOperationException("The same tile was added twice.");
            }

            // Lay the contents out in id order (clustered), each once, at its first use.
            var placed = new Dictionary<long, long>();
            var entries = new List<Entry>();
            long dataLength = 0;
            foreach (var (id, scratchOffset, length) in _tiles)
            {
                if (!placed.TryGetValue(scratchOffset, out var offset))
                {
                    offset = dataLength;
                    placed[scratchOffset] = offset;
                    dataLength += length;
                }
                var last = entries.Count == 0 ? null : entries[^1];
                if (last is not null && last.Offset == offset && last.TileId + last.RunLength == id)
                {
                    last.RunLength++;
                }
                else
                {
                    entries.Add(new Entry(id, offset, length, 1));
                }
            }

            var (root, leaves) = Directories(entries);
            var metadata = Gzip(metadataJson);
            var bytes = new byte[HeaderLength];
            var span = bytes.AsSpan();
            "PMTiles"u8.CopyTo(span);
            span[7] = 3;
            long rootOffset = HeaderLength, metadataOffset = rootOffset + root.Length, leavesOffset = metadataOffset + metadata.Length;
            var dataOffset = leavesOffset + leaves.Length;
            ulong[] fields =
            [
                (ulong)rootOffset, (ulong)root.Length, (ulong)metadataOffset, (ulong)metadata.Length, (ulong)leavesOffset, (ulong)leaves.Length,
                (ulong)dataOffset, (ulong)dataLength, (ulong)_tiles.Count, (ulong)entries.Count, (ulong)placed.Count,
            ];
            for (var i = 0; i < fields.Length; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(span[(8 + 8 * i)..], fields[i]);
            }
            span[96] = 1; // clustered
            span[97] = (byte)PMTilesCompression.Gzip;
            span[98] = (byte)header.TileCompression;
            span[99] = (byte)header.TileType;
            span[100] = checked((byte)header.MinZoom);
            span[101] = checked((byte)header.MaxZoom);
            WritePosition(span[102..], header.West, header.South);
            WritePosition(span[110..], header.East, header.North);
            span[118] = checked((byte)header.CenterZoom);
            WritePosition(span[119..], header.CenterLon, header.CenterLat);

            output.Write(bytes);
            output.Write(root);
            output.Write(metadata);
            output.Write(leaves);
            CopyContents(output, placed);
        }
    }

    private void CopyContents(Stream output, Dictionary<long, long> placed)
    {
        var buffer = new byte[_contents.Values.Max(c => c.Length)];
        foreach (var content in _contents.Values.Where(c => placed.ContainsKey(c.Offset)).OrderBy(c => placed[c.Offset]))
        {
            scratch.Seek(content.Offset, SeekOrigin.Begin);
            scratch.ReadExactly(buffer, 0, content.Length);
            output.Write(buffer, 0, content.Length);
        }
    }

    /// <summary>The root directory alone when it fits the first 16 KiB, else leaves of a growing size until the root
    /// listing them fits (one level of leaves, as the spec recommends).</summary>
    private static (byte[] Root, byte[] Leaves) Directories(List<Entry> entries)
    {
        var root = Gzip(Encode(entries));
        if (root.Length <= RootLimit)
        {
            return (root, []);
        }
        for (var leafSize = 4096; ; leafSize *= 2)
        {
            using var leaves = new MemoryStream();
            var pointers = new List<Entry>();
            foreach (var chunk in entries.Chunk(leafSize))
            {
                var leaf = Gzip(Encode(chunk));
                pointers.Add(new Entry(chunk[0].TileId, leaves.Length, leaf.Length, 0));
                leaves.Write(leaf);
            }
            root = Gzip(Encode(pointers));
            if (root.Length <= RootLimit)
            {
                return (root, leaves.ToArray());
            }
        }
    }

    /// <summary>Count, delta ids, run lengths, lengths, then offsets (0 when contiguous with the previous entry, else offset + 1).</summary>
    internal static byte[] Encode(IReadOnlyList<Entry> entries)
    {
        using var buffer = new MemoryStream();
        WriteVarint(buffer, (ulong)entries.Count);
        ulong lastId = 0;
        foreach (var entry in entries)
        {
            WriteVarint(buffer, entry.TileId - lastId);
            lastId = entry.TileId;
        }
        foreach (var entry in entries)
        {
            WriteVarint(buffer, entry.RunLength);
        }
        foreach (var entry in entries)
        {
            WriteVarint(buffer, (ulong)entry.Length);
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var contiguous = i > 0 && entries[i].Offset == entries[i - 1].Offset + entries[i - 1].Length;
            WriteVarint(buffer, contiguous ? 0 : (ulong)entries[i].Offset + 1);
        }
        return buffer.ToArray();
    }

    private static void WriteVarint(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    private static void WritePosition(Span<byte> span, double lon, double lat)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span, (int)Math.Round(lon * 10_000_000));
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], (int)Math.Round(lat * 10_000_000));
    }

    private static byte[] Gzip(ReadOnlySpan<byte> bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

    internal sealed class Entry(ulong tileId, long offset, int length, ulong runLength)
    {
        public ulong TileId { get; } = tileId;
        public long Offset { get; } = offset;
        public int Length { get; } = length;
        public ulong RunLength { get; set; } = runLength;
    }
}
