using System.Globalization;

namespace SpatialHub.Core.Projection;

/// <summary>
/// Reprojects coordinate text line by line, for <c>spatialhub transform --from &lt;crs&gt; --to &lt;crs&gt;</c>.
/// Input: one point per line, <c>x y</c> separated by whitespace and/or one comma (x = easting/longitude);
/// blank lines and lines starting with <c>#</c> are skipped. Output: <c>x y</c> separated by a space, with 9
/// decimals when the target is in degrees and 4 when in metres, invariant culture, <c>\n</c> line ends.
/// </summary>
public sealed class CoordinateTextTransformer(Reprojector reprojector)
{
    private static readonly char[] Separators = [' ', '\t', ','];

    private readonly string _format = reprojector.To.IsGeographic ? "F9" : "F4";

    /// <summary>A transformer between two CRS names as <see cref="CrsParser"/> reads them.</summary>
    /// <exception cref="UnsupportedCrsException">Either name is unknown or unsupported.</exception>
    public static CoordinateTextTransformer Create(string fromCrs, string toCrs) =>
        new(Reprojector.Create(CrsParser.Parse(fromCrs), CrsParser.Parse(toCrs)));

    /// <summary>Reads every line of <paramref name="input"/> and writes the transformed points.</summary>
    /// <returns>The number of points written.</returns>
    /// <exception cref="CoordinateLineException">
    /// A line is not two finite numbers, or its point cannot be transformed. Points on earlier lines have
    /// already been written; nothing after the bad line is.
    /// </exception>
    public int Transform(TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        var lineNumber = 0;
        var points = 0;
        while (input.ReadLine() is { } line)
        {
            lineNumber++;
            var content = line.AsSpan().Trim();
            if (content.IsEmpty || content[0] == '#')
                continue;

            var (x, y) = Parse(content, lineNumber, line);
            var (tx, ty) = reprojector.Transform(x, y);
            if (!double.IsFinite(tx) || !double.IsFinite(ty))
                throw new CoordinateLineException(lineNumber, line, $"the point cannot be transformed to EPSG:{reprojector.To.Srid}");

            WriteLine(output, tx, ty);
            points++;
        }
        return points;
    }

    private void WriteLine(TextWriter output, double x, double y)
    {
        // Formatting into a stack buffer keeps the output side free of per-point allocations.
        Span<char> buffer = stackalloc char[2 * 352];
        var written = Format(x, buffer);
        buffer[written++] = ' ';
        written += Format(y, buffer[written..]);
        buffer[written++] = '\n';
        output.Write(buffer[..written]);
    }

    private int Format(double value, Span<char> destination) =>
        value.TryFormat(destination, out var written, _format, CultureInfo.InvariantCulture)
            ? written
            : throw new InvalidOperationException($"Cannot format {value}.");

    private static (double X, double Y) Parse(ReadOnlySpan<char> content, int lineNumber, string line)
    {
        Span<double> values = stackalloc double[2];
        var count = 0;
        var commas = 0;
        foreach (var range in content.SplitAny(Separators))
        {
            var token = content[range];
            if (token.IsEmpty)
                continue;
            if (count == 2)
                throw new CoordinateLineException(lineNumber, line, "expected two numbers 'x y' but found more");
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new CoordinateLineException(lineNumber, line, $"'{token}' is not a number");
            values[count++] = value;
        }
        foreach (var c in content)
            commas += c == ',' ? 1 : 0;

        if (count < 2)
            throw new CoordinateLineException(lineNumber, line, "expected two numbers 'x y'");
        if (commas > 1)
            throw new CoordinateLineException(lineNumber, line, "expected at most one comma between x and y");
        return (values[0], values[1]);
    }
}
