using SpatialHub.PostGis.Catalog;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Styles;

/// <summary><c>GET /styles</c>: every style document the service has (OGC API – Styles' list shape): one per dataset,
/// from its file under tiles/ (<c>source: file</c>) or the generated default, and one of all datasets together. Each
/// <c>stylesheet</c> link is a URL QGIS ("Load style from URL") and MapLibre can open as they are.</summary>
internal static class StylesList
{
    public const string StyleMediaType = "application/vnd.mapbox.style+json";

    public static async Task<IResult> ListAsync(HttpRequest request, CatalogRepository catalog, StyleStore styles, CancellationToken cancellationToken)
    {
        var baseUrl = request.BaseUrl();
        var datasets = await catalog.ListAsync(cancellationToken);
        var entries = datasets.Select(d => new StyleEntry(d.Id, d.Title, styles.For(d).FromFile ? "file" : "default",
            [new StyleLink("stylesheet", $"{baseUrl}/styles/{d.Id}", StyleMediaType, $"MapLibre style of {d.Title}")])).ToList();
        if (datasets.Count > 1)
        {
            var all = string.Join(',', datasets.Select(d => d.Id));
            entries.Add(new StyleEntry(all, "All datasets", "composed",
                [new StyleLink("stylesheet", $"{baseUrl}/styles/{all}", StyleMediaType, "MapLibre style of every dataset")]));
        }
        return TypedResults.Json(new StylesDocument(entries, [new StyleLink("self", $"{baseUrl}/styles", "application/json", "This list")]));
    }
}

internal sealed record StylesDocument(IReadOnlyList<StyleEntry> Styles, IReadOnlyList<StyleLink> Links);

/// <param name="Source">file (tiles/{id}.json), default (generated from the dataset's geometry) or composed.</param>
internal sealed record StyleEntry(string Id, string Title, string Source, IReadOnlyList<StyleLink> Links);

internal sealed record StyleLink(string Rel, string Href, string Type, string Title);
