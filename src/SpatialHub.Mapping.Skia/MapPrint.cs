using System.Globalization;
using SkiaSharp;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Mapping.Rendering;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping.Skia;

/// <summary>ISO 216 paper, in points (1/72 in).</summary>
public sealed record Paper(string Name, double Width, double Height)
{
    public static readonly Paper A4Landscape = new("a4-landscape", 841.89, 595.28);
    public static readonly Paper A4Portrait = new("a4-portrait", 595.28, 841.89);
    public static readonly Paper A3Landscape = new("a3-landscape", 1190.55, 841.89);
    public static readonly Paper A3Portrait = new("a3-portrait", 841.89, 1190.55);

    public static IReadOnlyList<Paper> All { get; } = [A4Landscape, A4Portrait, A3Landscape, A3Portrait];

    public static Paper? Find(string name) => All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One legend group: a dataset's title (in the page's language) and its style's items.</summary>
public sealed record PrintLegendGroup(string Title, IReadOnlyList<LegendItem> Items);

/// <summary>The words a printed page carries besides the data, in its language.</summary>
public sealed record PrintText(string Title, string Legend = "Legend", string Scale = "Scale", string Footer = "");

/// <summary>Where the parts of a printed page go, in points from the page's top-left corner.</summary>
public sealed record PrintLayout(double PageWidth, double PageHeight, ScreenRect Map, ScreenPoint Legend, ScreenPoint Title, ScreenPoint Footer)
{
    private const double Margin = 28, TitleBand = 34, FooterBand = 18, LegendWidth = 170;

    /// <summary>The layout for <paramref name="paper"/>, or for a page sized to a <paramref name="mapWidth"/> ×
    /// <paramref name="mapHeight"/> map when null (what <c>spatialhub render --out x.pdf</c> makes).</summary>
    public static PrintLayout For(Paper? paper, int mapWidth, int mapHeight)
    {
        var width = paper?.Width ?? mapWidth + LegendWidth + (3 * Margin);
        var height = paper?.Height ?? Math.Max(mapHeight + TitleBand + FooterBand + (2 * Margin), 300);
        var map = new ScreenRect(Margin, Margin + TitleBand,
            paper is null ? Margin + mapWidth : width - (2 * Margin) - LegendWidth,
            paper is null ? Margin + TitleBand + mapHeight : height - Margin - FooterBand);
        return new PrintLayout(width, height, map, new ScreenPoint(map.Right + Margin, map.Top), new ScreenPoint(Margin, Margin + 20),
            new ScreenPoint(Margin, map.Bottom + 13));
    }

    /// <summary>The view to draw in the map frame: the same centre, zoomed so that the whole <paramref name="asked"/>
    /// view (what the planner saw on screen) fits inside the frame.</summary>
    public Viewport Fit(Viewport asked)
    {
        var (width, height) = ((int)Math.Floor(Map.Right - Map.Left), (int)Math.Floor(Map.Bottom - Map.Top));
        var zoom = asked.Zoom + Math.Log2(Math.Min((double)width / asked.Width, (double)height / asked.Height));
        return new Viewport(asked.Longitude, asked.Latitude, Math.Clamp(zoom, 0, 22), width, height, 1);
    }
}

/// <summary>
/// A printable map as one vector PDF page (SkiaSharp's SKDocument): the title, the map with its scale bar, attribution
/// and north arrow, the legend grouped by dataset to the right, and a footer with the representative scale on the
/// paper. Text is real text, so it can be searched and copied (CJK through the Noto CJK fallback).
/// </summary>
public static class MapPrint
{
    private static readonly MapColour Ink = new(0x1b, 0x1f, 0x24);

    /// <summary>Points per metre: 72 per inch.</summary>
    private const double PointsPerMetre = 72 / 0.0254;

    public static async Task<byte[]> PdfAsync(Map map, Viewport view, PrintLayout layout, PrintText text, IReadOnlyList<PrintLegendGroup> legend,
        CancellationToken cancellationToken = default)
    {
        using var output = new MemoryStream();
        using (var document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata { Title = text.Title, Creator = "SpatialHub", Producer = "SpatialHub.Mapping.Skia" }))
        {
            var page = document.BeginPage((float)layout.PageWidth, (float)layout.PageHeight);
            var canvas = new SkiaCanvas(page);
            canvas.Clear(MapColour.White);
            Decorations.Title(canvas, text.Title, layout.Title);
            var frame = layout.Map;
            page.Save();
            page.Translate((float)frame.Left, (float)frame.Top);
            page.ClipRect(new SKRect(0, 0, view.Width, view.Height));
            await new MapRenderer().RenderAsync(map, view, canvas, RenderOptions.Default with { NorthArrow = true }, cancellationToken);
            page.Restore();
            using (var border = new SKPaint { Style = SKPaintStyle.Stroke, Color = SKColors.Gray, StrokeWidth = 0.5f })
            {
                page.DrawRect((float)frame.Left, (float)frame.Top, view.Width, view.Height, border);
            }
            DrawLegend(canvas, text.Legend, legend, layout.Legend, layout.PageHeight - 28);
            var scale = view.MetresPerPixel * PointsPerMetre;
            var footer = string.Create(CultureInfo.InvariantCulture, $"{text.Scale} 1:{RoundScale(scale):N0}  ·  {view.Latitude:0.00000}, {view.Longitude:0.00000}  ·  {text.Footer}");
            canvas.DrawText(footer.TrimEnd(' ', '·'), layout.Footer, 9, Ink, null, 0);
            document.EndPage();
            document.Close();
        }
        return output.ToArray();
    }

    /// <summary>One heading, then each dataset's title over its items; stops at <paramref name="bottom"/> rather than
    /// running off the page.</summary>
    private static void DrawLegend(IMapCanvas canvas, string heading, IReadOnlyList<PrintLegendGroup> groups, ScreenPoint topLeft, double bottom)
    {
        canvas.DrawText(heading, new ScreenPoint(topLeft.X, topLeft.Y + 13), 13, Ink, null, 0);
        var y = topLeft.Y + 24;
        foreach (var group in groups)
        {
            if (y + 30 > bottom)
            {
                break;
            }
            if (group.Title.Length > 0)
            {
                canvas.DrawText(group.Title, new ScreenPoint(topLeft.X, y + 10), 10, Ink, null, 0);
                y += 14;
            }
            y += Decorations.Legend(canvas, group.Items, new ScreenPoint(topLeft.X, y), size: 10, heading: "") + 6;
        }
    }

    /// <summary>Three significant figures: a representative fraction is an approximation on a Mercator map anyway.</summary>
    private static double RoundScale(double scale)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(scale)) - 2);
        return Math.Round(scale / magnitude) * magnitude;
    }
}
