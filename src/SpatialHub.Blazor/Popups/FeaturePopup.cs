using System.Globalization;
using System.Text.Json.Nodes;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Blazor.Popups;

/// <summary>What a popup shows for a clicked feature: heading, the dataset's title, and the rows the dataset's
/// presentation settings give (labels, order, hidden fields, units, coded values, http(s) links only), anchored at
/// the feature (a point) or where the area was clicked.</summary>
public sealed record FeaturePopup(string Heading, string DatasetTitle, IReadOnlyList<PresentationRow> Rows, double Longitude, double Latitude)
{
    /// <summary>Fields that name a feature when its dataset's settings name no heading field (as the web map's).</summary>
    private static readonly string[] NameFields = ["name_en", "LocationNameEN", "DC_ENG", "LP_NUMBER", "Lamp Post Number", "name", "NAME", "title"];

    public static FeaturePopup For(MapFeatureClick click, Presentation presentation, string language, (double Lon, double Lat) anchor)
    {
        var title = presentation.Title?.For(language) ?? click.Dataset;
        if (click.Properties.TryGetValue("point_count", out var count) && Convert.ToDouble(count, CultureInfo.InvariantCulture) > 1)
        {
            var n = Convert.ToDouble(count, CultureInfo.InvariantCulture).ToString("#,0", CultureInfo.InvariantCulture);
            return new FeaturePopup($"{n} {title}", LocalisedText.Chinese == language ? "群組：放大查看" : "Cluster: zoom in to see each one", [], anchor.Lon, anchor.Lat);
        }
        var heading = presentation.Heading(click.Properties, language)
            ?? NameFields.Select(f => click.Properties.GetValueOrDefault(f)?.ToString()).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))
            ?? title;
        return new FeaturePopup(heading, title, presentation.Rows(click.Properties, language), anchor.Lon, anchor.Lat);
    }

    /// <summary>Each dataset's settings in a style document: a composed one (<c>/styles/{layers}</c>) keeps them under
    /// <c>metadata["spatialhub:presentations"]</c>, a single dataset's file under <c>["spatialhub:presentation"]</c>.</summary>
    public static Dictionary<string, Presentation> PresentationsOf(JsonObject style)
    {
        var found = new Dictionary<string, Presentation>(StringComparer.Ordinal);
        if (style["metadata"]?["spatialhub:presentations"] is JsonObject many)
        {
            foreach (var (dataset, settings) in many)
            {
                found[dataset] = Presentation.Parse(settings);
            }
        }
        if ((string?)style["metadata"]?["spatialhub:dataset"] is { } single)
        {
            found[single] = Presentation.Of(style);
        }
        return found;
    }
}
