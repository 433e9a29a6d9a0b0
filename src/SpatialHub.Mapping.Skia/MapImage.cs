using SkiaSharp;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Rendering;

namespace SpatialHub.Mapping.Skia;

/// <summary>Maps as files: PNG (raster, at the viewport's pixel ratio) and PDF (vector through SKDocument, with a
/// title, the legend, the attribution, a scale bar and a north arrow, for printing; <see cref="MapPrint"/> lays one
/// out on A4/A3 paper).</summary>
public static class MapImage
{
    public static async Task<byte[]> PngAsync(Map map, Viewport viewport, RenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var info = new SKImageInfo(
            (int)Math.Round(viewport.Width * viewport.PixelRatio), (int)Math.Round(viewport.Height * viewport.PixelRatio),
            SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"No {info.Width}×{info.Height} surface.");
        surface.Canvas.Scale((float)viewport.PixelRatio);
        await new MapRenderer().RenderAsync(map, viewport, new SkiaCanvas(surface.Canvas), options, cancellationToken);
        return Encode(surface);
    }

    /// <summary>Renders a region larger than the image and keeps its centre: what raster tiles need, so symbols and
    /// labels crossing a tile edge are drawn in both tiles rather than cut.</summary>
    public static async Task<byte[]> PngCroppedAsync(Map map, Viewport padded, int buffer, RenderOptions options, CancellationToken cancellationToken = default)
    {
        var scale = padded.PixelRatio;
        var info = new SKImageInfo((int)Math.Round((padded.Width - (2 * buffer)) * scale), (int)Math.Round((padded.Height - (2 * buffer)) * scale),
            SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"No {info.Width}×{info.Height} surface.");
        surface.Canvas.Scale((float)scale);
        surface.Canvas.Translate(-buffer, -buffer);
        await new MapRenderer().RenderAsync(map, padded, new SkiaCanvas(surface.Canvas), options, cancellationToken);
        return Encode(surface);
    }

    /// <summary>One A4-landscape-like page: title above, map, legend to the right. Sizes in points (1/72 in).</summary>
    public static async Task<byte[]> PdfAsync(Map map, Viewport viewport, string title, CancellationToken cancellationToken = default)
    {
        const float margin = 36, legendWidth = 200, titleHeight = 40;
        var pageWidth = (float)viewport.Width + legendWidth + (3 * margin);
        var pageHeight = Math.Max((float)viewport.Height + titleHeight + (2 * margin), 300);
        using var output = new MemoryStream();
        using (var document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = title, Creator = "SpatialHub", Producer = "SpatialHub.Mapping.Skia" }))
        {
            var page = document.BeginPage(pageWidth, pageHeight);
            var canvas = new SkiaCanvas(page);
            canvas.Clear(Styles.MapColour.White);
            Decorations.Title(canvas, title, new ScreenPoint(margin, margin + 18));
            page.Save();
            page.Translate(margin, margin + titleHeight);
            page.ClipRect(new SKRect(0, 0, viewport.Width, viewport.Height));
            await new MapRenderer().RenderAsync(map, viewport with { PixelRatio = 1 }, canvas, RenderOptions.Default with { NorthArrow = true }, cancellationToken);
            page.Restore();
            using (var border = new SKPaint { Style = SKPaintStyle.Stroke, Color = SKColors.Gray, StrokeWidth = 0.5f })
            {
                page.DrawRect(margin, margin + titleHeight, viewport.Width, viewport.Height, border);
            }
            Decorations.Legend(canvas, map.Legend, new ScreenPoint((2 * margin) + viewport.Width, margin + titleHeight));
            document.EndPage();
            document.Close();
        }
        return output.ToArray();
    }

    private static byte[] Encode(SKSurface surface)
    {
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
