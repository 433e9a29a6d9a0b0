namespace SpatialHub.Blazor;

/// <summary>What a <see cref="SpatialHubMap"/> shows: centre (WGS84) and zoom, MapLibre's zoom scale (the world is
/// 512 × 2^zoom CSS pixels), so <c>#zoom/lat/lon</c> of SpatialHub's web map is the same view.</summary>
public readonly record struct MapView(double Longitude, double Latitude, double Zoom)
{
    /// <summary>Hong Kong, as the web map opens.</summary>
    public static readonly MapView HongKong = new(114.17, 22.32, 10);

    /// <summary>Zoom range the component allows (SpatialHub's tiles overzoom beyond their maximum).</summary>
    public const double MinZoom = 0;
    public const double MaxZoom = 22;
}

/// <summary>A click on a drawn feature: its dataset (the tile layer), properties and where it was clicked.</summary>
public sealed record MapFeatureClick(
    string Dataset, IReadOnlyDictionary<string, object?> Properties, string GeometryType, double Longitude, double Latitude);

/// <summary>Replaces one paint or layout property of one style layer (by its id in <c>/styles/{layers}</c>, e.g.
/// <c>it-sites:points</c>); <paramref name="Value"/> is any JSON value or MapLibre expression (string, number, array).</summary>
public sealed record StyleOverride(string LayerId, string Property, object? Value);

/// <summary>A dataset in a <see cref="LayerList"/>: id, title shown, and an optional CSS colour for its swatch.</summary>
public sealed record LayerItem(string Id, string Title, string? Colour = null);
