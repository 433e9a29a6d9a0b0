using SkiaSharp;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Rendering;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Skia;

/// <summary>The SkiaSharp backend of <see cref="IMapCanvas"/>: draws on any SKCanvas (a bitmap for PNG, an
/// SKDocument page for vector PDF). Coordinates arrive in CSS pixels; the caller's canvas carries the pixel ratio.
/// One instance draws one image on one thread: it keeps its paints and fonts for the whole image rather than making
/// native objects for each of its hundreds of shapes and labels (dispose it, or let the finaliser free them).</summary>
public sealed class SkiaCanvas(SKCanvas canvas) : IMapCanvas, IDisposable
{
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeJoin = SKStrokeJoin.Round, StrokeCap = SKStrokeCap.Round };
    private readonly Dictionary<(SKTypeface Typeface, double Size), SKFont> _fonts = [];

    public void Clear(MapColour colour) => canvas.DrawColor(ToSk(colour), SKBlendMode.Src);

    public void DrawCircle(ScreenPoint centre, double radius, MapColour? fill, MapColour? stroke, double strokeWidth)
    {
        if (fill is { IsVisible: true } f)
        {
            canvas.DrawCircle((float)centre.X, (float)centre.Y, (float)radius, Fill(f));
        }
        if (stroke is { IsVisible: true } s && strokeWidth > 0)
        {
            canvas.DrawCircle((float)centre.X, (float)centre.Y, (float)(radius + (strokeWidth / 2)), Stroke(s, strokeWidth));
        }
    }

    public void DrawPath(IReadOnlyList<IReadOnlyList<ScreenPoint>> parts, bool closed, MapColour? fill, MapColour? stroke, double strokeWidth)
    {
        using var path = new SKPath { FillType = SKPathFillType.EvenOdd };
        foreach (var part in parts)
        {
            if (part.Count < 2)
            {
                continue;
            }
            path.MoveTo((float)part[0].X, (float)part[0].Y);
            for (var i = 1; i < part.Count; i++)
            {
                path.LineTo((float)part[i].X, (float)part[i].Y);
            }
            if (closed)
            {
                path.Close();
            }
        }
        if (fill is { IsVisible: true } f && closed)
        {
            canvas.DrawPath(path, Fill(f));
        }
        if (stroke is { IsVisible: true } s && strokeWidth > 0)
        {
            canvas.DrawPath(path, Stroke(s, strokeWidth));
        }
    }

    public void DrawText(string text, ScreenPoint origin, double size, MapColour colour, MapColour? halo, double haloWidth)
    {
        var font = Font(text, size);
        if (halo is { IsVisible: true } h && haloWidth > 0)
        {
            canvas.DrawText(text, (float)origin.X, (float)origin.Y, SKTextAlign.Left, font, Stroke(h, haloWidth * 2));
        }
        canvas.DrawText(text, (float)origin.X, (float)origin.Y, SKTextAlign.Left, font, Fill(colour));
    }

    public TextSize MeasureText(string text, double size)
    {
        var font = Font(text, size);
        var width = font.MeasureText(text);
        var metrics = font.Metrics;
        return new TextSize(width, -metrics.Ascent, metrics.Descent);
    }

    public void PushClip(ScreenRect rect)
    {
        canvas.Save();
        canvas.ClipRect(new SKRect((float)rect.Left, (float)rect.Top, (float)rect.Right, (float)rect.Bottom));
    }

    public void PopClip() => canvas.Restore();

    public void Dispose()
    {
        _fill.Dispose();
        _stroke.Dispose();
        foreach (var font in _fonts.Values)
        {
            font.Dispose();
        }
        _fonts.Clear();
    }

    private SKPaint Fill(MapColour colour)
    {
        _fill.Color = ToSk(colour);
        return _fill;
    }

    private SKPaint Stroke(MapColour colour, double width)
    {
        _stroke.Color = ToSk(colour);
        _stroke.StrokeWidth = (float)width;
        return _stroke;
    }

    private SKFont Font(string text, double size)
    {
        var typeface = Fonts.TypefaceFor(text);
        if (!_fonts.TryGetValue((typeface, size), out var font))
        {
            _fonts[(typeface, size)] = font = Fonts.For(typeface, size);
        }
        return font;
    }

    public static SKColor ToSk(MapColour colour) => new(colour.R, colour.G, colour.B, (byte)Math.Round(colour.A * 255));
}
