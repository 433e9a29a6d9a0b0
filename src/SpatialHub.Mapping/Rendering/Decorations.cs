using System.Globalization;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Rendering;

/// <summary>What a map image carries besides its data: scale bar, attribution, legend, title.</summary>
public static class Decorations
{
    private static readonly MapColour Ink = new(0x1b, 0x1f, 0x24);
    private static readonly MapColour Veil = MapColour.White.WithOpacity(0.8);

    /// <summary>A metric scale bar of a round length (1, 2 or 5 × 10ⁿ m) at most <paramref name="maxWidth"/> wide.</summary>
    public static void ScaleBar(IMapCanvas canvas, Viewport viewport, ScreenPoint bottomLeft, double maxWidth = 100)
    {
        var metres = viewport.MetresPerPixel * maxWidth;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(metres)));
        var nice = new[] { 5, 2, 1 }.Select(f => f * magnitude).First(m => m <= metres);
        var width = nice / viewport.MetresPerPixel;
        var label = nice >= 1000 ? $"{(nice / 1000).ToString(CultureInfo.InvariantCulture)} km" : $"{nice.ToString(CultureInfo.InvariantCulture)} m";
        var (x, y) = (bottomLeft.X, bottomLeft.Y);
        Box(canvas, new ScreenRect(x - 2, y - 20, x + width + 4, y + 2));
        ScreenPoint[] bar = [new(x, y - 8), new(x, y - 2), new(x + width, y - 2), new(x + width, y - 8)];
        canvas.DrawPath([bar], closed: false, fill: null, stroke: Ink, strokeWidth: 1.5);
        canvas.DrawText(label, new ScreenPoint(x + 2, y - 10), 10, Ink, null, 0);
    }

    public static void Attribution(IMapCanvas canvas, string text, ScreenPoint bottomRight, double size = 10)
    {
        var measured = canvas.MeasureText(text, size);
        var box = new ScreenRect(bottomRight.X - measured.Width - 8, bottomRight.Y - size - 6, bottomRight.X, bottomRight.Y);
        Box(canvas, box);
        canvas.DrawText(text, new ScreenPoint(box.Left + 4, box.Bottom - 4 - measured.Descent), size, Ink, null, 0);
    }

    /// <summary>The legend of the map's styles, one line per item, grouped per dataset; returns its height.</summary>
    public static double Legend(IMapCanvas canvas, IEnumerable<LegendItem> items, ScreenPoint topLeft, double size = 11)
    {
        var y = topLeft.Y;
        canvas.DrawText("Legend", new ScreenPoint(topLeft.X, y + size + 2), size + 2, Ink, null, 0);
        y += size + 10;
        foreach (var item in items)
        {
            var centre = new ScreenPoint(topLeft.X + 7, y + (size / 2) + 1);
            if (item.Shape == "line")
            {
                ScreenPoint[] line = [new(centre.X - 7, centre.Y), new(centre.X + 7, centre.Y)];
                canvas.DrawPath([line], false, null, item.Colour, 2.5);
            }
            else
            {
                canvas.DrawCircle(centre, 5, item.Ring ? MapColour.White : item.Colour, item.Ring ? item.Colour : MapColour.White, item.Ring ? 2.5 : 1);
            }
            canvas.DrawText(item.Label, new ScreenPoint(topLeft.X + 20, y + size), size, Ink, null, 0);
            y += size + 6;
        }
        return y - topLeft.Y;
    }

    public static void Title(IMapCanvas canvas, string title, ScreenPoint origin, double size = 18) =>
        canvas.DrawText(title, origin, size, Ink, MapColour.White, 2);

    private static void Box(IMapCanvas canvas, ScreenRect box)
    {
        ScreenPoint[] ring = [new(box.Left, box.Top), new(box.Right, box.Top), new(box.Right, box.Bottom), new(box.Left, box.Bottom)];
        canvas.DrawPath([ring], closed: true, fill: Veil, stroke: null, strokeWidth: 0);
    }
}
