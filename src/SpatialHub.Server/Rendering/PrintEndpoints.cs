using System.Globalization;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.Mapping.Skia;
using SpatialHub.Mapping.Styles;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Styles;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Rendering;

/// <summary>
/// <c>GET /print/{layers}/{lon},{lat},{zoom}/{width}x{height}.pdf</c> (or <c>?bbox=</c>): a printable vector PDF of the
/// view a planner sees (its centre, zoom and size in CSS pixels), laid out on <c>paper=a4-landscape</c> (default),
/// <c>a4-portrait</c>, <c>a3-landscape</c>, <c>a3-portrait</c>, or <c>fit</c> (a page the map's own size): the title
/// (<c>title=</c>, else the datasets' titles), the map with scale bar, attribution and north arrow, the legend and the
/// representative scale, in <c>lang=en</c> or <c>zh-HK</c>. The static map's rules apply: the pixel limit, a permit of
/// the client's expensive-read budget, the static cache keyed by dataset versions + styles hash, ETag/304, CORS, and
/// 400/404 problem details; unpublished datasets are 404 without the key, as on every tile route.
/// </summary>
public static class PrintEndpoints
{
    public const string PdfContentType = "application/pdf";

    public const int MaxTitleLength = 200;

    private static readonly Dictionary<string, (string Legend, string Scale, string Printed)> Words = new(StringComparer.Ordinal)
    {
        ["en"] = ("Legend", "Scale", "Printed from SpatialHub"),
        ["zh-HK"] = ("圖例", "比例", "由 SpatialHub 列印"),
    };

    public static IEndpointRouteBuilder MapPrintEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/print/{layers}/{view}/{size}", PrintAsync).WithTags("Tiles").RequireExpensiveReadBudget()
            .WithSummary("A printable PDF of a view (title, legend, scale bar, north arrow, attribution) on A4/A3 paper")
            .Produces(StatusCodes.Status200OK, contentType: PdfContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task PrintAsync(string layers, string view, string size, string? bbox, string? title, string? lang, string? paper,
        HttpContext context, MapRenderService renders, StyleStore styles)
    {
        var asked = StaticMapRequest.Parse(view, size, bbox, renders.Options, extension: "pdf");
        var language = lang ?? "en";
        if (!Words.TryGetValue(language, out var words))
        {
            throw new RequestValidationException("Invalid lang", $"lang must be en or zh-HK, not '{Shorten(language)}'.");
        }
        var sheet = paper is null or "" ? Paper.A4Landscape : paper == "fit" ? null : Paper.Find(paper)
            ?? throw new RequestValidationException("Invalid paper",
                $"paper must be fit or one of {string.Join(", ", Paper.All.Select(p => p.Name))}, not '{Shorten(paper)}'.");
        if (title is { Length: > MaxTitleLength })
        {
            throw new RequestValidationException("Invalid title", $"title is longer than {MaxTitleLength} characters.");
        }
        var layout = PrintLayout.For(sheet, asked.Width, asked.Height);
        var viewport = sheet is null ? asked with { PixelRatio = 1 } : layout.Fit(asked);
        var ids = TileLayers.Parse(layers, RenderingEndpoints.MaxLayers(context));
        var request = string.Create(CultureInfo.InvariantCulture,
            $"{viewport.Longitude:R},{viewport.Latitude:R},{viewport.Zoom:R}|{viewport.Width}x{viewport.Height}|{sheet?.Name ?? "fit"}|{language}|{title}");
        var document = await renders.DocumentAsync(ids, request, (map, datasets) =>
        {
            var groups = datasets.Select(d => new PrintLegendGroup(TitleOf(styles, d, language), map.Legend.Where(i => i.Dataset == d.Id).ToList())).ToList();
            var text = new PrintText(
                string.IsNullOrWhiteSpace(title) ? string.Join(", ", groups.Select(g => g.Title)) : title.Trim(),
                words.Legend, words.Scale, words.Printed);
            return MapPrint.PdfAsync(map, viewport, layout, text, groups, CancellationToken.None);
        }, context.RequestAborted);
        context.Response.Headers.ContentDisposition = "inline; filename=\"spatialhub-map.pdf\"";
        await RenderingEndpoints.WriteAsync(context, document, context.RequestServices.GetRequiredService<TilesOptions>().CacheControl, PdfContentType);
    }

    /// <summary>The dataset's title in the page's language, from its presentation settings beside its style.</summary>
    private static string TitleOf(StyleStore styles, Dataset dataset, string language) =>
        Presentation.Of(styles.For(dataset).Document).Title?.For(language) ?? dataset.Title;

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
