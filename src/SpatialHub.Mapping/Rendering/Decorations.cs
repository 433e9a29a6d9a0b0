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

    /// <summary>The attribution, bottom right, wrapped to lines of at most <paramref name="maxWidth"/> (it names every
    /// dataset's source and can be long) so that it never runs off the image or over the scale bar.</summary>
    public static void Attribution(IMapCanvas canvas, string text, ScreenPoint bottomRight, double maxWidth, double size = 10)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : $"{current} {word}";
            if (current.Length > 0 && canvas.MeasureText(candidate, size).Width > maxWidth - 8)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }
        lines.Add(current);
        var lineHeight = size + 3;
        var width = lines.Max(l => canvas.MeasureText(l, size).Width);
        var box = new ScreenRect(bottomRight.X - width - 8, bottomRight.Y - (lines.Count * lineHeight) - 4, bottomRight.X, bottomRight.Y);
        Box(canvas, box);
        for (var i = 0; i < lines.Count; i++)
        {
            var lineWidth = canvas.MeasureText(lines[i], size).Width;
            canvas.DrawText(lines[i], new ScreenPoint(box.Right - 4 - lineWidth, box.Top + 2 + size + (i * lineHeight)), size, Ink, null, 0);
        }
    }

    /// <summary>The legend of the map's styles, one line per item, grouped per dataset; returns its height.</summary>
    /// <param name="heading">Drawn above the items unless empty (a printed page heads the whole legend once).</param>
    public static double Legend(IMapCanvas canvas, IEnumerable<LegendItem> items, ScreenPoint topLeft, double size = 11, string heading = "Legend")
    {
        var y = topLeft.Y;
        if (heading.Length > 0)
        {
            canvas.DrawText(heading, new ScreenPoint(topLeft.X, y + size + 2), size + 2, Ink, null, 0);
            y += size + 10;
        }
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
