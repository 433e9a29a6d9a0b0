using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using NetTopologySuite.Geometries;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Import;

/// <summary>
/// Reads points from a delimited text file (comma or tab separated, RFC 4180 quoting, any line ending, with or
/// without a byte-order mark) whose header names an x and a y column. Every column, the coordinate columns
/// included, becomes a typed attribute.
/// </summary>
/// <remarks>
/// Types are inferred from the first <see cref="DefaultSampleRows"/> good rows, which are buffered; later rows are
/// converted as they stream by, and a value that does not fit widens its column (Integer to Real, anything to
/// Text). <see cref="Fields"/> is final only once <see cref="Read"/> has been enumerated to the end; features
/// yielded before a widening keep the narrower value, and <see cref="TextFieldsWithTypedValues"/> names the fields
/// the importer must convert afterwards. This keeps memory bounded by the sample, not by the file.
/// </remarks>
public sealed class CsvFeatureReader : IFeatureReader
{
    /// <summary>How many rows are buffered to infer attribute types before the first feature is yielded.</summary>
    public const int DefaultSampleRows = 1000;

    /// <summary>A record larger than this is treated as broken quoting rather than buffered.</summary>
    private const int MaxRecordBytes = 16 * 1024 * 1024;

    private const int MaxShownValueLength = 80;

    private readonly PeekableStream _stream;
    private readonly ReaderOptions _options;
    private readonly char? _separator;
    private readonly int _sampleRows;
    private FieldSchema _schema = new();
    private bool _started;

    /// <param name="stream">The file; read once, forward only, and left open.</param>
    /// <param name="options">File name for issues, and the user's CRS and column overrides.</param>
    /// <param name="separator">',' or '\t'; detected from the header line when null.</param>
    public CsvFeatureReader(Stream stream, ReaderOptions options, char? separator = null)
        : this(stream, options, separator, DefaultSampleRows)
    {
    }

    internal CsvFeatureReader(Stream stream, ReaderOptions options, char? separator, int sampleRows)
    {
        _stream = stream as PeekableStream ?? new PeekableStream(stream);
        _options = options;
        _separator = separator;
        _sampleRows = sampleRows;
    }

    /// <summary>Given by the user, else implied by the coordinate column names (HK1980 Grid or WGS 84). Known once the first result has been yielded.</summary>
    public Crs SourceCrs { get; private set; } = CrsRegistry.Wgs84;

    /// <summary>The attribute columns and their inferred types; final once <see cref="Read"/> has been enumerated to the end.</summary>
    public IReadOnlyList<FieldDefinition> Fields => _schema.Fields;

    public IReadOnlyList<string> TextFieldsWithTypedValues => _schema.TextFieldsWithTypedValues;

    public IEnumerable<ReadResult> Read()
    {
        ReadOnce.Start(ref _started);
        return ReadRows();
    }

    private IEnumerable<ReadResult> ReadRows()
    {
        if (CheckLooksLikeText() is { } notText)
        {
            yield return ReadResult.Failed(notText);
            yield break;
        }

        var malformed = new Dictionary<long, CsvMalformedRecord>();
        using var csv = CsvReader.Create(_stream, CsvOptions(malformed), leaveOpen: true);
        var (layout, headerIssue) = ReadHeader(csv);
        if (layout is null)
        {
            yield return ReadResult.Failed(headerIssue!);
            yield break;
        }

        var sample = new List<(long Line, string?[]? Values, double X, double Y, ImportIssue? Issue)>(_sampleRows);
        while (true)
        {
            var (hasRecord, readIssue) = Advance(csv);
            if (readIssue is not null)
            {
                foreach (var result in InferAndFlush(sample, layout))
                {
                    yield return result;
                }

                yield return ReadResult.Failed(readIssue);
                yield break;
            }

            if (!hasRecord)
            {
                break;
            }

            var line = csv.LineNumber;
            var issue = CheckRecord(csv, line, layout, malformed);
            var values = issue is null ? CsvColumns.Values(csv) : null;
            double x = 0, y = 0;
            if (values is not null)
            {
                issue = CheckCoordinates(line, values, layout, out x, out y);
            }

            if (sample is not null)
            {
                sample.Add((line, issue is null ? values : null, x, y, issue));
                if (sample.Count >= _sampleRows)
                {
                    foreach (var result in InferAndFlush(sample, layout))
                    {
                        yield return result;
                    }

                    sample = null;
                }
            }
            else
            {
                yield return issue is null ? ReadResult.Of(ToFeature(line, values!, x, y, layout)) : ReadResult.Failed(issue);
            }
        }

        foreach (var result in InferAndFlush(sample, layout))
        {
            yield return result;
        }
    }

    /// <summary>What the header tells: unique column names, the coordinate columns and the geometry factory for the CRS.</summary>
    private sealed record Layout(string[] Names, CoordinateColumns Columns, GeometryFactory Factory);

    private CsvReaderOptions CsvOptions(Dictionary<long, CsvMalformedRecord> malformed) => new()
    {
        Separator = _separator ?? DetectSeparator(),
        TrackLineNumbers = true,
        MaxRecordSize = MaxRecordBytes,
        // Recover keeps a stray quote inside an unquoted field as text (12" pipe); the records that cannot be
        // recovered honestly (an unterminated quote, text after a closing quote) become issues in CheckRecord.
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        OnMalformedRecord = record => malformed[record.LineNumber] = record,
    };

    /// <summary>A file whose first bytes hold NUL is binary (a spreadsheet, an archive), not delimited text. UTF-16 text is fine.</summary>
    private ImportIssue? CheckLooksLikeText()
    {
        var head = _stream.Peek();
        if (head.IsEmpty)
        {
            return Issue(1, null, null, "the file is empty");
        }

        var isUtf16 = head is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..];
        return !isUtf16 && head[..Math.Min(head.Length, 8192)].Contains((byte)0)
            ? Issue(1, null, null, "the file is binary, not delimited text (it contains NUL bytes)")
            : null;
    }

    /// <summary>Tab when the header line has more tabs than commas (outside quotes), else comma.</summary>
    private char DetectSeparator()
    {
        var head = _stream.Peek();
        var text = head switch
        {
            [0xFF, 0xFE, ..] => Encoding.Unicode.GetString(head[2..]),
            [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode.GetString(head[2..]),
            _ => Encoding.UTF8.GetString(head),
        };
        int commas = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return tabs > commas ? '\t' : ',';
    }

    private (Layout?, ImportIssue?) ReadHeader(CsvReader csv)
    {
        string[] header;
        try
        {
            header = csv.Headers.ToArray();
        }
        catch (CsvFormatException e)
        {
            return (null, Issue(1, null, null, $"the header cannot be read: {e.Message}"));
        }

        if (header.Length == 0 || header is [""])
        {
            return (null, Issue(1, null, null, "the file is empty"));
        }

        if (header.Any(h => h.Contains('\uFFFD') || h.Contains('\0')))
        {
            return (null, Issue(1, null, Shorten(string.Join(",", header)), "the header is not valid UTF-8 text; save the file as UTF-8"));
        }

        var names = CsvColumns.UniqueNames(header);
        var (columns, columnIssue) = FindCoordinateColumns(names);
        if (columns is null)
        {
            return (null, columnIssue);
        }

        var crs = _options.Srs is null ? columns.ImpliedCrs ?? CrsRegistry.Wgs84 : CrsParser.Find(_options.Srs);
        if (crs is null)
        {
            return (null, Issue(1, null, _options.Srs, $"unknown or unsupported CRS '{_options.Srs}'"));
        }

        SourceCrs = crs;
        _schema = new FieldSchema(names);
        return (new Layout(names, columns, new GeometryFactory(new PrecisionModel(), crs.Srid)), null);
    }

    private (CoordinateColumns?, ImportIssue?) FindCoordinateColumns(string[] names)
    {
        var listed = string.Join(", ", names);
        if (_options.XField is null && _options.YField is null)
        {
            return CoordinateColumns.Find(names, _options.PositionFrom) is { } found
                ? (found, null)
                : (null, Issue(1, null, Shorten(listed, 500), _options.PositionFrom == PositionFrom.Auto
                    ? $"no coordinate columns found (expected a pair such as Easting/Northing, X/Y or Longitude/Latitude); the header has: {listed}"
                    : $"no {_options.PositionFrom.Describe()} columns found for the position; the header has: {listed}"));
        }

        if (_options.XField is null || _options.YField is null)
        {
            return (null, Issue(1, _options.XField ?? _options.YField, null, "give both the x and the y column, or neither"));
        }

        if (CoordinateColumns.Named(names, _options.XField, _options.YField) is { } named)
        {
            return (named, null);
        }

        var missing = CoordinateColumns.IndexOf(names, _options.XField) < 0 ? _options.XField : _options.YField;
        return (null, Issue(1, missing, null, $"column '{missing}' is not in the header; the header has: {listed}"));
    }

    private (bool HasRecord, ImportIssue? Issue) Advance(CsvReader csv)
    {
        try
        {
            return (csv.Read(), null);
        }
        catch (CsvFormatException e)
        {
            var line = e.LineNumber > 0 ? e.LineNumber : csv.LineNumber + 1;
            return (false, Issue(line, null, null, $"the rest of the file cannot be read: {e.Message}"));
        }
    }

    /// <summary>Problems with the record as a whole: broken quoting, the wrong number of columns, bytes that are not text.</summary>
    private ImportIssue? CheckRecord(CsvReader csv, long line, Layout layout, Dictionary<long, CsvMalformedRecord> malformed)
    {
        var raw = csv.RawRecord;
        if (malformed.Remove(line, out var bad))
        {
            var reason = bad.Reason switch
            {
                CsvMalformedReason.UnterminatedQuote => "a quoted field is not closed before the end of the file",
                CsvMalformedReason.TextAfterClosingQuote => "text follows the closing quote of a quoted field",
                _ => null,
            };
            if (reason is not null)
            {
                return Issue(line, null, Shorten(bad.RawRecord), reason);
            }
        }

        if (raw.Contains((byte)0))
        {
            return Issue(line, null, null, "the row holds binary data (NUL bytes), not text");
        }

        if (!Utf8.IsValid(raw))
        {
            var field = Enumerable.Range(0, Math.Min(csv.FieldCount, layout.Names.Length)).FirstOrDefault(i => !Utf8.IsValid(csv.GetSpan(i)), -1);
            return Issue(line, field >= 0 ? layout.Names[field] : null, null, "the row is not valid UTF-8 text; save the file as UTF-8");
        }

        return csv.FieldCount == layout.Names.Length
            ? null
            : Issue(line, null, Shorten(Encoding.UTF8.GetString(raw)),
                $"the row has {csv.FieldCount} columns but the header has {layout.Names.Length}");
    }

    /// <summary>Parses the coordinates once: <paramref name="x"/> and <paramref name="y"/> are valid when no issue is returned.</summary>
    private ImportIssue? CheckCoordinates(long line, string?[] values, Layout layout, out double x, out double y)
    {
        y = 0;
        return CheckCoordinate(line, values, layout.Columns.XIndex, layout.Names, out x)
            ?? CheckCoordinate(line, values, layout.Columns.YIndex, layout.Names, out y);
    }

    private ImportIssue? CheckCoordinate(long line, string?[] values, int index, string[] names, out double value)
    {
        value = 0;
        var text = values[index];
        if (text is null)
        {
            return Issue(line, names[index], null, "the coordinate is missing");
        }

        return CsvColumns.TryParseCoordinate(text, out value) ? null : Issue(line, names[index], Shorten(text), "the coordinate is not a number");
    }

    /// <summary>Types the columns from the buffered sample (good rows only), then yields the sample in file order.</summary>
    private IEnumerable<ReadResult> InferAndFlush(List<(long Line, string?[]? Values, double X, double Y, ImportIssue? Issue)>? sample, Layout layout)
    {
        if (sample is null)
        {
            yield break;
        }

        foreach (var (_, values, _, _, _) in sample)
        {
            for (var i = 0; values is not null && i < values.Length; i++)
            {
                _schema.ObserveText(i, values[i]);
            }
        }

        foreach (var (line, values, x, y, issue) in sample)
        {
            yield return issue is null ? ReadResult.Of(ToFeature(line, values!, x, y, layout)) : ReadResult.Failed(issue);
        }

        sample.Clear();
    }

    private SourceFeature ToFeature(long line, string?[] values, double x, double y, Layout layout)
    {
        var properties = new Dictionary<string, object?>(values.Length, StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            properties[layout.Names[i]] = _schema.Convert(i, values[i]);
        }

        return new SourceFeature(line, layout.Factory.CreatePoint(new Coordinate(x, y)), properties);
    }

    private ImportIssue Issue(long line, string? field, string? value, string reason) => new(_options.FileName, line, field, value, reason);

    private static string Shorten(string text, int max = MaxShownValueLength) =>
        text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
