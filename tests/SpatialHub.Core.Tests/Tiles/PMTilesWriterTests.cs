using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SpatialHub.Core.Tiles;

namespace SpatialHub.Core.Tests.Tiles;

[Trait("Category", "Unit")]
public sealed class PMTilesWriterTests
{
    private static readonly PMTilesHeader Header = new(0, 14, 113.8, 22.15, 114.45, 22.57, 10, 114.17, 22.3);

    [Theory]
    [InlineData(0, 0, 0, 0UL)]
    [InlineData(1, 0, 0, 1UL)]
    [InlineData(1, 0, 1, 2UL)]
    [InlineData(1, 1, 1, 3UL)]
    [InlineData(1, 1, 0, 4UL)]
    [InlineData(2, 0, 0, 5UL)]
    [InlineData(12, 3423, 1763, 19078479UL)]
    public void Tile_ids_are_the_specs_examples(int z, long x, long y, ulong id) => PMTilesIds.FromTile(z, x, y).ShouldBe(id);

    [Fact]
    public void Tile_ids_of_a_zoom_are_a_permutation_following_the_previous_zooms()
    {
        var ids = Enumerable.Range(0, 8).SelectMany(x => Enumerable.Range(0, 8).Select(y => PMTilesIds.FromTile(3, x, y))).Order().ToList();
        ids.ShouldBe(Enumerable.Range(21, 64).Select(i => (ulong)i));
    }

    [Fact]
    public void A_tile_outside_its_zoom_is_refused() => Should.Throw<ArgumentOutOfRangeException>(() => PMTilesIds.FromTile(2, 4, 0));

    [Fact]
    public void Header_names_the_sections_and_equal_neighbours_share_one_run()
    {
        var writer = new PMTilesWriter(new MemoryStream());
        byte[] sea = [1, 2, 3], land = [4, 5];
        // Ids 1..4 at z1: three sea tiles, then land; added out of order.
        writer.Add(1, 1, 0, land);
        writer.Add(1, 0, 1, sea);
        writer.Add(1, 0, 0, sea);
        writer.Add(1, 1, 1, sea);
        writer.Add(0, 0, 0, []);
        var bytes = Write(writer, "{\"vector_layers\":[]}");

        Encoding.UTF8.GetString(bytes, 0, 7).ShouldBe("PMTiles");
        bytes[7].ShouldBe((byte)3);
        var field = (int i) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8 + 8 * i));
        field(0).ShouldBe(127UL, "root directory right after the header");
        field(5).ShouldBe(0UL, "no leaf directories for four tiles");
        field(7).ShouldBe(5UL, "each content once: 3 + 2 bytes");
        (field(8), field(9), field(10)).ShouldBe((4UL, 2UL, 2UL), "4 tiles addressed, 2 entries, 2 contents");
        (bytes[96], bytes[97], bytes[98], bytes[99], bytes[100], bytes[101]).ShouldBe(((byte)1, (byte)2, (byte)2, (byte)1, (byte)0, (byte)14));
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(102)).ShouldBe(1_138_000_000);
        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(114)).ShouldBe(225_700_000);

        Gunzip(bytes.AsSpan((int)field(2), (int)field(3))).ShouldBe("{\"vector_layers\":[]}"u8.ToArray());
        var root = Decode(Gunzip(bytes.AsSpan((int)field(0), (int)field(1))));
        root.ShouldBe([(1UL, 0L, 3L, 3UL), (4UL, 3L, 2L, 1UL)]);
        bytes.AsSpan((int)field(6)).ToArray().ShouldBe(new byte[] { 1, 2, 3, 4, 5 });
    }

    [Fact]
    public void A_root_too_big_for_16_KiB_moves_entries_into_leaves()
    {
        // Scattered tiles of random sizes: a directory that gzip cannot squeeze into 16 KiB.
        var random = new Random(14);
        var writer = new PMTilesWriter(new MemoryStream());
        var added = new Dictionary<ulong, byte[]>();
        while (added.Count < 20_000)
        {
            var (x, y) = (random.Next(4096), random.Next(4096));
            var id = PMTilesIds.FromTile(12, x, y);
            if (!added.ContainsKey(id))
            {
                var data = new byte[random.Next(1, 200)];
                random.NextBytes(data);
                added[id] = data;
                writer.Add(12, x, y, data);
            }
        }
        var bytes = Write(writer, "{}");
        var field = (int i) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(8 + 8 * i));
        field(1).ShouldBeLessThanOrEqualTo(16384UL - 127);
        field(5).ShouldBeGreaterThan(0UL);
        var root = Decode(Gunzip(bytes.AsSpan((int)field(0), (int)field(1))));
        root.ShouldAllBe(e => e.RunLength == 0, "the root lists only leaves");
        var tiles = root.SelectMany(leaf => Decode(Gunzip(bytes.AsSpan((int)(field(4) + (ulong)leaf.Offset), (int)leaf.Length)))).ToList();
        tiles.Select(t => t.TileId).ShouldBe(added.Keys.Order());
        foreach (var tile in tiles.Where((_, i) => i % 997 == 0))
        {
            bytes.AsSpan((int)(field(6) + (ulong)tile.Offset), (int)tile.Length).ToArray().ShouldBe(added[tile.TileId]);
        }
    }

    [Fact]
    public void An_archive_without_tiles_is_refused() =>
        Should.Throw<InvalidOperationException>(() => Write(new PMTilesWriter(new MemoryStream()), "{}"));

    private static byte[] Write(PMTilesWriter writer, string metadata)
    {
        using var output = new MemoryStream();
        writer.Finish(output, Header, Encoding.UTF8.GetBytes(metadata));
        return output.ToArray();
    }

    private static byte[] Gunzip(ReadOnlySpan<byte> bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(bytes.ToArray()), CompressionMode.Decompress))
        {
            gzip.CopyTo(output);
        }
        return output.ToArray();
    }

    /// <summary>Spec chapter 4.3, written from the text as a reader would.</summary>
    private static List<(ulong TileId, long Offset, long Length, ulong RunLength)> Decode(byte[] bytes)
    {
        var position = 0;
        ulong Next()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = bytes[position++];
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }
        }
        var count = (int)Next();
        var ids = new ulong[count];
        ulong last = 0;
        for (var i = 0; i < count; i++)
        {
            ids[i] = last += Next();
        }
        var runs = Enumerable.Range(0, count).Select(_ => Next()).ToArray();
        var lengths = Enumerable.Range(0, count).Select(_ => (long)Next()).ToArray();
        var entries = new List<(ulong, long, long, ulong)>();
        for (var i = 0; i < count; i++)
        {
            var raw = Next();
            var offset = raw == 0 && i > 0 ? entries[i - 1].Item2 + entries[i - 1].Item3 : (long)raw - 1;
            entries.Add((ids[i], offset, lengths[i], runs[i]));
        }
        return entries;
    }
}
