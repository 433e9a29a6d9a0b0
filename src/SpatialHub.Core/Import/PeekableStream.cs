namespace SpatialHub.Core.Import;

/// <summary>
/// A read-only, forward-only stream that lets a reader look at the first bytes of its input (to sniff the format,
/// the separator or binary content) and then read the whole input from the start, without seeking.
/// </summary>
internal sealed class PeekableStream(Stream inner) : Stream
{
    private byte[] _prefix = [];
    private int _prefixLength;
    private int _prefixPosition;
    private bool _peeked;

    /// <summary>The first bytes of the input (up to <paramref name="count"/>; fewer at the end of input). Only before the first read.</summary>
    public ReadOnlySpan<byte> Peek(int count = 64 * 1024)
    {
        if (!_peeked)
        {
            _peeked = true;
            _prefix = new byte[count];
            while (_prefixLength < count && inner.Read(_prefix, _prefixLength, count - _prefixLength) is var n and > 0)
            {
                _prefixLength += n;
            }
        }

        return _prefix.AsSpan(0, _prefixLength);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < _prefixLength)
        {
            var n = Math.Min(buffer.Length, _prefixLength - _prefixPosition);
            _prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
            _prefixPosition += n;
            return n;
        }

        return inner.Read(buffer);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
