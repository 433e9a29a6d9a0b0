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
        using var canvas = new SkiaCanvas(surface.Canvas);
        await new MapRenderer().RenderAsync(map, viewport, canvas, options, cancellationToken);
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
        using var canvas = new SkiaCanvas(surface.Canvas);
        await new MapRenderer().RenderAsync(map, padded, canvas, options, cancellationToken);
        return Encode(surface);
    }

    /// <summary>One page sized to the map: title above, map, legend to the right (<see cref="MapPrint"/>'s layout
    /// without paper). Sizes in points (1/72 in).</summary>
    public static Task<byte[]> PdfAsync(Map map, Viewport viewport, string title, CancellationToken cancellationToken = default) =>
        MapPrint.PdfAsync(map, viewport with { PixelRatio = 1 }, PrintLayout.For(null, viewport.Width, viewport.Height), new PrintText(title),
            [new PrintLegendGroup("", [.. map.Legend])], cancellationToken);

    /// <summary>No row filters and zlib level 3: map images are flat colours on flat (or transparent) ground, where
    /// filters do not help. Measured on the raster benchmark's tiles against Skia's default (all filters, level 6):
    /// about 3.5× faster to encode and about 20 % smaller.</summary>
    private static readonly SKPngEncoderOptions Png = new(SKPngEncoderFilterFlags.None, 3);

    private static byte[] Encode(SKSurface surface)
    {
        using var image = surface.Snapshot();
        using var pixels = image.PeekPixels() ?? throw new InvalidOperationException("A raster surface has pixels.");
        using var data = pixels.Encode(Png) ?? throw new InvalidOperationException("Skia could not encode the PNG.");
        return data.ToArray();
    }
}
