using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Rendering;

/// <summary>
/// A north arrow: an "N" over a split arrowhead (left half ink, right half white with an ink outline), on the same
/// light veil as the scale bar. The renderer's maps are always north-up (Web Mercator, no rotation), so it points
/// straight up the page.
/// </summary>
public static class NorthArrow
{
    private static readonly MapColour Ink = new(0x1b, 0x1f, 0x24);

    /// <summary>The box the arrow takes, <paramref name="width"/> wide and 1.6 times as tall, with its top-right corner
    /// at <paramref name="topRight"/>.</summary>
    public static ScreenRect Bounds(ScreenPoint topRight, double width = 28) =>
        new(topRight.X - width, topRight.Y, topRight.X, topRight.Y + (1.6 * width));

    /// <summary>Draws the arrow and returns its box. The apex is at the top; the base's notch is at 5/6 of the height.</summary>
    public static ScreenRect Draw(IMapCanvas canvas, ScreenPoint topRight, double width = 28)
    {
        var box = Bounds(topRight, width);
        ScreenPoint[] veil = [new(box.Left, box.Top), new(box.Right, box.Top), new(box.Right, box.Bottom), new(box.Left, box.Bottom)];
        canvas.DrawPath([veil], closed: true, fill: MapColour.White.WithOpacity(0.8), stroke: null, strokeWidth: 0);
        var centre = (box.Left + box.Right) / 2;
        var letterSize = width * 0.4;
        var letter = canvas.MeasureText("N", letterSize);
        canvas.DrawText("N", new ScreenPoint(centre - (letter.Width / 2), box.Top + 2 + letter.Ascent), letterSize, Ink, null, 0);
        var apex = new ScreenPoint(centre, box.Top + 4 + letter.Ascent + letter.Descent);
        var baseY = box.Bottom - 3;
        var notch = new ScreenPoint(centre, baseY - (width * 0.25));
        ScreenPoint[] left = [apex, new(centre - (width * 0.32), baseY), notch];
        ScreenPoint[] right = [apex, new(centre + (width * 0.32), baseY), notch];
        canvas.DrawPath([right], closed: true, fill: MapColour.White, stroke: Ink, strokeWidth: 1);
        canvas.DrawPath([left], closed: true, fill: Ink, stroke: Ink, strokeWidth: 1);
        return box;
    }
}
