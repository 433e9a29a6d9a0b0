using SkiaSharp;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Rendering;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Skia;

/// <summary>The SkiaSharp backend of <see cref="IMapCanvas"/>: draws on any SKCanvas (a bitmap for PNG, an
/// SKDocument page for vector PDF). Coordinates arrive in CSS pixels; the caller's canvas carries the pixel ratio.</summary>
public sealed class SkiaCanvas(SKCanvas canvas) : IMapCanvas
{
    public void Clear(MapColour colour) => canvas.DrawColor(ToSk(colour), SKBlendMode.Src);

    public void DrawCircle(ScreenPoint centre, double radius, MapColour? fill, MapColour? stroke, double strokeWidth)
    {
        if (fill is { IsVisible: true } f)
        {
            using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = ToSk(f) };
            canvas.DrawCircle((float)centre.X, (float)centre.Y, (float)radius, paint);
        }
        if (stroke is { IsVisible: true } s && strokeWidth > 0)
        {
            using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = ToSk(s), StrokeWidth = (float)strokeWidth };
            canvas.DrawCircle((float)centre.X, (float)centre.Y, (float)(radius + (strokeWidth / 2)), paint);
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
            using var paint = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill, Color = ToSk(f) };
            canvas.DrawPath(path, paint);
        }
        if (stroke is { IsVisible: true } s && strokeWidth > 0)
        {
            using var paint = new SKPaint
            {
                IsAntialias = true, Style = SKPaintStyle.Stroke, Color = ToSk(s), StrokeWidth = (float)strokeWidth,
                StrokeJoin = SKStrokeJoin.Round, StrokeCap = SKStrokeCap.Round,
            };
            canvas.DrawPath(path, paint);
        }
    }

    public void DrawText(string text, ScreenPoint origin, double size, MapColour colour, MapColour? halo, double haloWidth)
    {
        using var font = Fonts.For(text, size);
        if (halo is { IsVisible: true } h && haloWidth > 0)
        {
            using var outline = new SKPaint
            {
                IsAntialias = true, Style = SKPaintStyle.Stroke, Color = ToSk(h), StrokeWidth = (float)(haloWidth * 2), StrokeJoin = SKStrokeJoin.Round,
            };
            canvas.DrawText(text, (float)origin.X, (float)origin.Y, SKTextAlign.Left, font, outline);
        }
        using var paint = new SKPaint { IsAntialias = true, Color = ToSk(colour) };
        canvas.DrawText(text, (float)origin.X, (float)origin.Y, SKTextAlign.Left, font, paint);
    }

    public TextSize MeasureText(string text, double size)
    {
        using var font = Fonts.For(text, size);
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

    public static SKColor ToSk(MapColour colour) => new(colour.R, colour.G, colour.B, (byte)Math.Round(colour.A * 255));
}
