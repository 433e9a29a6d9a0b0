using System.Text.Json.Nodes;
using SpatialHub.Blazor.Popups;
using SpatialHub.Mapping.Styles;
using SpatialHub.Mapping.Tiles;

namespace SpatialHub.Blazor.Catalog;

/// <summary>A dataset as a page lists it: id, title (the presentation settings' title in the chosen language, else the
/// catalog's), attribution as text, and its style's first legend colour for a swatch.</summary>
public sealed record DatasetSummary(string Id, string Title, string? Attribution, string? Colour)
{
    public LayerItem ToLayerItem() => new(Id, Title, Colour);
}

/// <summary>The datasets a SpatialHub service offers, read from its <c>/catalog</c> and <c>/styles/{layers}</c>, so a
/// page shows every dataset's own title and attribution (a newly imported one too) without writing them down.</summary>
public static class ServiceCatalog
{
    /// <summary>The service's limit on dataset ids per <c>/styles/{layers}</c> request.</summary>
    private const int IdsPerStyleRequest = 10;

    public static async Task<IReadOnlyList<DatasetSummary>> LoadAsync(
        HttpClient http, Uri serviceUrl, string language = LocalisedText.English, CancellationToken cancellationToken = default)
    {
        var catalog = JsonNode.Parse(await http.GetStringAsync(new Uri(serviceUrl, "catalog"), cancellationToken));
        var datasets = (catalog?["datasets"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(d => (Id: (string?)d["id"], Title: (string?)d["title"], Attribution: (string?)d["attribution"]))
            .Where(d => !string.IsNullOrEmpty(d.Id))
            .ToList();
        var presentations = new Dictionary<string, Presentation>(StringComparer.Ordinal);
        var colours = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in datasets.Select(d => d.Id!).Chunk(IdsPerStyleRequest))
        {
            var layers = string.Join(',', chunk.Select(Uri.EscapeDataString));
            var style = JsonNode.Parse(await http.GetStringAsync(new Uri(serviceUrl, $"styles/{layers}"), cancellationToken)) as JsonObject ?? [];
            foreach (var (id, presentation) in FeaturePopup.PresentationsOf(style))
            {
                presentations[id] = presentation;
            }
            foreach (var item in new StyleSheet(style).Legend)
            {
                colours.TryAdd(item.Dataset, item.Colour.ToHex());
            }
        }
        return datasets.Select(d => new DatasetSummary(
            d.Id!,
            presentations.GetValueOrDefault(d.Id!)?.Title?.For(language) ?? d.Title ?? d.Id!,
            AttributionText.FromHtml(d.Attribution) is { Length: > 0 } text ? text : null,
            colours.GetValueOrDefault(d.Id!))).ToList();
    }
}
