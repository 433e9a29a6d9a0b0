using System.Runtime.InteropServices;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Rendering;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Blazor.Drawing;

/// <summary>Draw command codes shared with wwwroot/spatialhub-map.js.</summary>
internal enum DrawOp
{
    Clear = 1,
    Circle = 2,
    Path = 3,
    Text = 4,
    PushClip = 5,
    PopClip = 6,
}

/// <summary>
/// An <see cref="IMapCanvas"/> that records a frame as a flat list of 32-bit floats (op code, then its numbers) plus
/// the frame's strings, so the whole frame crosses to JavaScript in one interop call as one binary array (Blazor
/// passes a byte[] as a Uint8Array, without JSON or base64). Colours are four numbers (r, g, b, a), a = -1 for none.
/// </summary>
public sealed class CommandCanvas : IMapCanvas
{
    private readonly List<float> _numbers = new(4096);
    private readonly List<string> _strings = [];

    /// <summary>Widths the browser measured in earlier frames (text → width at size 1), so label boxes match the
    /// drawn text; text not measured yet uses <see cref="TextEstimate"/>.</summary>
    public IDictionary<string, double> MeasuredWidths { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    public int CommandCount { get; private set; }

    public IReadOnlyList<string> Strings => _strings;

    public void Reset()
    {
        _numbers.Clear();
        _strings.Clear();
        CommandCount = 0;
    }

    /// <summary>The recorded numbers as little-endian float32 bytes (WebAssembly and every browser are little-endian).</summary>
    public byte[] ToBytes() => MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_numbers)).ToArray();

    /// <summary>The recorded numbers, for tests and tools that read a frame back.</summary>
    public IReadOnlyList<float> Numbers => _numbers;

    public void Clear(MapColour colour)
    {
        Op(DrawOp.Clear);
        Colour(colour);
    }

    public void DrawCircle(ScreenPoint centre, double radius, MapColour? fill, MapColour? stroke, double strokeWidth)
    {
        Op(DrawOp.Circle);
        Add(centre.X, centre.Y, radius);
        Colour(fill);
        Colour(stroke);
        Add(strokeWidth);
    }

    public void DrawPath(IReadOnlyList<IReadOnlyList<ScreenPoint>> parts, bool closed, MapColour? fill, MapColour? stroke, double strokeWidth)
    {
        Op(DrawOp.Path);
        Add(closed ? 1 : 0, parts.Count);
        foreach (var part in parts)
        {
            _numbers.Add(part.Count);
            foreach (var point in part)
            {
                Add(point.X, point.Y);
            }
        }
        Colour(fill);
        Colour(stroke);
        Add(strokeWidth);
    }

    public void DrawText(string text, ScreenPoint origin, double size, MapColour colour, MapColour? halo, double haloWidth)
    {
        Op(DrawOp.Text);
        _numbers.Add(_strings.Count);
        _strings.Add(text);
        Add(origin.X, origin.Y, size);
        Colour(colour);
        Colour(halo);
        Add(haloWidth);
    }

    public TextSize MeasureText(string text, double size) =>
        new((MeasuredWidths.TryGetValue(text, out var width) ? width : TextEstimate.Width(text)) * size,
            TextEstimate.Ascent * size, TextEstimate.Descent * size);

    public void PushClip(ScreenRect rect)
    {
        Op(DrawOp.PushClip);
        Add(rect.Left, rect.Top, rect.Width, rect.Height);
    }

    public void PopClip() => Op(DrawOp.PopClip);

    private void Op(DrawOp op)
    {
        CommandCount++;
        _numbers.Add((float)op);
    }

    private void Add(double a) => _numbers.Add((float)a);

    private void Add(double a, double b)
    {
        _numbers.Add((float)a);
        _numbers.Add((float)b);
    }

    private void Add(double a, double b, double c)
    {
        Add(a, b);
        _numbers.Add((float)c);
    }

    private void Add(double a, double b, double c, double d)
    {
        Add(a, b);
        Add(c, d);
    }

    private void Colour(MapColour? colour)
    {
        if (colour is { } c)
        {
            Add(c.R, c.G, c.B, c.A);
        }
        else
        {
            Add(0, 0, 0, -1);
        }
    }
}

/// <summary>Text width before the browser has measured it, per em of the sans-serif the canvas draws with: CJK
/// ideographs are square, Latin about half an em. Only label collision boxes use it, for a frame or two.</summary>
internal static class TextEstimate
{
    public const double Ascent = 0.78;
    public const double Descent = 0.22;

    public static double Width(string text)
    {
        double width = 0;
        foreach (var c in text)
        {
            width += c switch
            {
                >= '\u2e80' => 1.0,
                ' ' or '.' or ',' or 'i' or 'l' or 'j' or 'I' or '\'' => 0.28,
                >= 'A' and <= 'Z' or 'm' or 'w' => 0.68,
                _ => 0.55,
            };
        }
        return width;
    }
}
