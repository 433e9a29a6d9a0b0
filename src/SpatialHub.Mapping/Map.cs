using SpatialHub.Mapping.Layers;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Mapping;

/// <summary>A map: layers drawn bottom to top over a background, with a title and attribution (as Mapsui's Map).</summary>
public sealed class Map
{
    /// <summary>Paper, not land: the district polygons include the sea, so no land colour is implied.</summary>
    public static readonly MapColour DefaultBackground = new(0xf4, 0xf2, 0xee);

    public List<IMapLayer> Layers { get; } = [];

    public MapColour Background { get; set; } = DefaultBackground;

    public string? Title { get; set; }

    /// <summary>Shown bottom right; default: the layers' own attributions.</summary>
    public string? Attribution { get; set; }

    public string AttributionText =>
        Attribution ?? string.Join(" · ", Layers.Select(l => l.Attribution).OfType<string>().Where(a => a.Length > 0).Distinct()
            .DefaultIfEmpty("SpatialHub"));

    public IEnumerable<LegendItem> Legend => Layers.SelectMany(l => l.Style.Legend);
}
