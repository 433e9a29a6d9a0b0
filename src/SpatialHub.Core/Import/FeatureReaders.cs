namespace SpatialHub.Core.Import;

/// <summary>A format name that no reader handles.</summary>
public sealed class UnsupportedFormatException(string format)
    : Exception($"Unsupported format '{format}'. Supported: csv, tsv, geojson, geojsonseq (ndjson).")
{
    public string Format { get; } = format;
}

/// <summary>Chooses the reader for a file: by the format the user named, else by the file extension, else by its first bytes.</summary>
public static class FeatureReaders
{
    /// <param name="stream">The file; read once, forward only, and left open.</param>
    /// <param name="options">File name (whose extension may decide the format) and user overrides.</param>
    /// <param name="format">csv, tsv, geojson (json), geojsonseq (ndjson, geojsonl, jsonl); null to decide from the name or content.</param>
    /// <exception cref="UnsupportedFormatException">The format names no reader.</exception>
    public static IFeatureReader Open(Stream stream, ReaderOptions options, string? format = null)
    {
        var peekable = new PeekableStream(stream);
        var kind = format is not null
            ? KindOf(format) ?? throw new UnsupportedFormatException(format)
            : KindOf(Path.GetExtension(options.FileName).TrimStart('.')) ?? Sniff(peekable.Peek(4096));
        return kind switch
        {
            Kind.Csv => new CsvFeatureReader(peekable, options),
            Kind.Tsv => new CsvFeatureReader(peekable, options, '\t'),
            _ => new GeoJsonFeatureReader(peekable, options),
        };
    }

    private enum Kind
    {
        Csv,
        Tsv,
        GeoJson,
    }

    /// <summary>Newline-delimited GeoJSON needs no reader of its own: the GeoJSON reader takes any sequence of top-level objects.</summary>
    private static Kind? KindOf(string name) => name.ToLowerInvariant() switch
    {
        "csv" or "txt" => Kind.Csv,
        "tsv" or "tab" => Kind.Tsv,
        "geojson" or "json" or "geojsonseq" or "geojsons" or "geojsonl" or "ndjson" or "jsonl" => Kind.GeoJson,
        _ => null,
    };

    /// <summary>JSON starts with '{' or '[' (or RS, in a text sequence) after a byte-order mark and whitespace; anything else is tried as CSV.</summary>
    private static Kind Sniff(ReadOnlySpan<byte> head)
    {
        if (head is [0xEF, 0xBB, 0xBF, ..])
        {
            head = head[3..];
        }

        var first = head.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && head[first] is (byte)'{' or (byte)'[' or 0x1E ? Kind.GeoJson : Kind.Csv;
    }
}
