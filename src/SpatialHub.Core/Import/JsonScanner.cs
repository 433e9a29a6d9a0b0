using System.Text.Json;

namespace SpatialHub.Core.Import;

/// <summary>
/// Walks a JSON stream token by token with <see cref="Utf8JsonReader"/>, refilling a buffer as it goes, and reads
/// chosen values (one feature at a time) whole. Memory is bounded by the largest single value read whole, not by
/// the stream. Several top-level values may follow one another (newline-delimited JSON); the record separator
/// 0x1E of JSON text sequences (RFC 8142) is read as whitespace, which is safe because JSON strings cannot hold it raw.
/// </summary>
internal sealed class JsonScanner(Stream stream)
{
    private const byte RecordSeparator = 0x1E;
    private static readonly JsonReaderOptions _readerOptions = new() { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip };

    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _endOfInput;
    private long _line = 1;
    private long _stateLine = 1;
    private bool _pastByteOrderMark;
    private JsonReaderState _state = new(_readerOptions);

    /// <summary>The kind of the token read last.</summary>
    public JsonTokenType TokenType { get; private set; }

    /// <summary>The 1-based line where the token (or value) read last starts.</summary>
    public long TokenLine { get; private set; }

    /// <summary>The text of the last property name or string token.</summary>
    public string? Text { get; private set; }

    /// <summary>Reads the next token (a container's start, not the whole container). False at the end of the input.</summary>
    /// <exception cref="JsonException">The input is not valid JSON.</exception>
    public bool Read()
    {
        while (true)
        {
            var reader = NewReader();
            if (reader.Read())
            {
                Take(ref reader);
                Text = reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                Advance(reader);
                return true;
            }

            if (_endOfInput)
            {
                return false;
            }

            Fill();
        }
    }

    /// <summary>
    /// Reads the next value whole. False, with <see cref="TokenType"/> set, when the next token closes the enclosing
    /// array or object instead (or at the end of the input).
    /// </summary>
    /// <exception cref="JsonException">The input is not valid JSON.</exception>
    public bool ReadValue(out JsonElement value)
    {
        while (true)
        {
            var reader = NewReader();
            if (!reader.Read())
            {
                if (_endOfInput)
                {
                    value = default;
                    return false;
                }

                Fill();
                continue;
            }

            var probe = reader;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !probe.TrySkip())
            {
                Fill();
                continue;
            }

            Take(ref reader);
            if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject)
            {
                Advance(reader);
                value = default;
                return false;
            }

            value = JsonElement.ParseValue(ref reader);
            Advance(reader);
            // The reader checks JSON structure, not the bytes inside strings: check them here, once per value,
            // so that no later GetString() can fail.
            if (!System.Text.Unicode.Utf8.IsValid(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value)))
            {
                throw new JsonException("the text is not valid UTF-8; save the file as UTF-8", null, TokenLine, null);
            }
            return true;
        }
    }

    /// <summary>Drops the rest of the current line and starts afresh on the next one: recovery in newline-delimited input.</summary>
    public void SkipLine()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                _line++;
                break;
            }

            _start = _end;
            if (_endOfInput)
            {
                break;
            }

            Fill();
        }

        _state = new JsonReaderState(_readerOptions);
        _stateLine = _line;
    }

    /// <summary>The 1-based line of the input where a JSON error was found (the reader counts from its last fresh start).</summary>
    public long LineOf(JsonException e) => _stateLine + (e.LineNumber ?? TokenLine - _stateLine);

    private Utf8JsonReader NewReader() => new(_buffer.AsSpan(_start, _end - _start), _endOfInput, _state);

    private void Take(ref Utf8JsonReader reader)
    {
        TokenType = reader.TokenType;
        TokenLine = _line + _buffer.AsSpan(_start, (int)reader.TokenStartIndex).Count((byte)'\n');
    }

    private void Advance(in Utf8JsonReader reader)
    {
        var consumed = (int)reader.BytesConsumed;
        _line += _buffer.AsSpan(_start, consumed).Count((byte)'\n');
        _start += consumed;
        _state = reader.CurrentState;
    }

    /// <summary>Moves unread bytes to the front, grows the buffer when a value fills it, and reads more input.</summary>
    private void Fill()
    {
        if (_endOfInput)
        {
            throw new JsonException("The input ends in the middle of a JSON value.");
        }

        var pending = _end - _start;
        if (pending == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        (_start, _end) = (0, pending);
        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        _buffer.AsSpan(_end, read).Replace(RecordSeparator, (byte)' ');
        _end += read;
        _endOfInput = read == 0;
        if (!_pastByteOrderMark && _end >= 3)
        {
            _pastByteOrderMark = true;
            _start = _buffer.AsSpan(0, 3).SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        }
    }
}
