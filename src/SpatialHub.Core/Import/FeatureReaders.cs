namespace SpatialHub.Core.Import;

/// <summary>A format name that no reader handles.</summary>
public sealed class UnsupportedFormatException(string format, string? reason = null)
    : Exception(reason ?? $"Unsupported format '{format}'. Supported: {InputFormats.Described}.")
{
    public string Format { get; } = format;
}

/// <summary>Chooses the reader for a file: by the format the user named, else by the file extension, else by its first bytes.</summary>
public static class FeatureReaders
{
    /// <param name="stream">The file; read once, forward only, and left open.</param>
    /// <param name="options">File name (whose extension may decide the format) and user overrides.</param>
    /// <param name="format">A name in <see cref="InputFormats"/> that the project reads itself; null to decide from the name or content.</param>
    /// <exception cref="UnsupportedFormatException">The format names no reader.</exception>
    public static IFeatureReader Open(Stream stream, ReaderOptions options, string? format = null)
    {
        var peekable = new PeekableStream(stream);
        var kind = format is not null
            ? InputFormats.Find(format) is { } named ? KindOf(named) : throw new UnsupportedFormatException(format)
            : InputFormats.Find(Path.GetExtension(options.FileName)) is { IsReadByTheProject: true } byExtension
                ? byExtension.Kind
                : Sniff(peekable.Peek(4096));
        // Newline-delimited GeoJSON needs no reader of its own: the GeoJSON reader takes any sequence of top-level objects.
        return kind switch
        {
            ReaderKind.Csv => new CsvFeatureReader(peekable, options),
            ReaderKind.Tsv => new CsvFeatureReader(peekable, options, '\t'),
            _ => new GeoJsonFeatureReader(peekable, options),
        };
    }

    private static ReaderKind KindOf(InputFormat format) => format.IsReadByTheProject
        ? format.Kind
        : throw new UnsupportedFormatException(format.Name, $"{format.Title} is read through GDAL: import it with the server or the spatialhub CLI.");

    /// <summary>JSON starts with '{' or '[' (or RS, in a text sequence) after a byte-order mark and whitespace; anything else is tried as CSV.</summary>
    private static ReaderKind Sniff(ReadOnlySpan<byte> head)
    {
        if (head is [0xEF, 0xBB, 0xBF, ..])
        {
            head = head[3..];
        }

        var first = head.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && head[first] is (byte)'{' or (byte)'[' or 0x1E ? ReaderKind.GeoJson : ReaderKind.Csv;
    }
}
