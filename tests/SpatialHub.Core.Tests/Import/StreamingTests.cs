using System.Text;
using Shouldly;
using SpatialHub.Core.Import;
using Xunit;

namespace SpatialHub.Core.Tests.Import;

/// <summary>A stream that makes rows on demand, so a large input never exists in memory or on disk.</summary>
internal sealed class GeneratedStream(string header, Func<int, string> row, int rows) : Stream
{
    private byte[] _pending = Encoding.UTF8.GetBytes(header);
    private int _offset;
    private int _next = 1;

    public long BytesServed { get; private set; }
    public bool Exhausted => _next > rows && _offset == _pending.Length;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_offset == _pending.Length)
        {
            if (_next > rows)
            {
                return 0;
            }

            var chunk = new StringBuilder();
            for (var i = 0; i < 100 && _next <= rows; i++, _next++)
            {
                chunk.Append(row(_next));
            }

            (_pending, _offset) = (Encoding.UTF8.GetBytes(chunk.ToString()), 0);
        }

        var n = Math.Min(count, _pending.Length - _offset);
        Array.Copy(_pending, _offset, buffer, offset, n);
        _offset += n;
        BytesServed += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

[Trait("Category", "Unit")]
public sealed class StreamingTests
{
    private const int Rows = 200_000;

    [Fact]
    public void A_200000_row_csv_yields_its_first_feature_long_before_the_stream_is_consumed()
    {
        var stream = new GeneratedStream("id,name,Longitude,Latitude\n", i => $"{i},lamp {i},114.{i % 1000:D3},22.{i % 997:D3}\n", Rows);
        var reader = FeatureReaders.Open(stream, new ReaderOptions("generated.csv"), format: null);

        using var results = reader.Read().GetEnumerator();
        results.MoveNext().ShouldBeTrue();

        results.Current.Feature.ShouldNotBeNull().Line.ShouldBe(2);
        stream.Exhausted.ShouldBeFalse();
        stream.BytesServed.ShouldBeLessThan(1_000_000);
        var count = 1;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        while (results.MoveNext())
        {
            results.Current.Issue.ShouldBeNull();
            count++;
        }

        count.ShouldBe(Rows);
        stream.Exhausted.ShouldBeTrue();
        (GC.GetTotalMemory(forceFullCollection: true) - before).ShouldBeLessThan(20_000_000);
    }

    [Fact]
    public void A_200000_feature_collection_yields_its_first_feature_long_before_the_stream_is_consumed()
    {
        var stream = new GeneratedStream(
            """{"type":"FeatureCollection","features":[""",
            i => (i == 1 ? "" : ",") + "{\"type\":\"Feature\",\"properties\":{\"id\":" + i + "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.1,22.3]}}" + (i == Rows ? "]}" : ""),
            Rows);
        var reader = FeatureReaders.Open(stream, new ReaderOptions("generated.geojson"), format: null);

        using var results = reader.Read().GetEnumerator();
        results.MoveNext().ShouldBeTrue();

        results.Current.Feature.ShouldNotBeNull().Properties["id"].ShouldBe(1L);
        stream.BytesServed.ShouldBeLessThan(1_000_000);
        var count = 1;
        while (results.MoveNext())
        {
            results.Current.Issue.ShouldBeNull();
            count++;
        }

        count.ShouldBe(Rows);
        stream.Exhausted.ShouldBeTrue();
    }
}
