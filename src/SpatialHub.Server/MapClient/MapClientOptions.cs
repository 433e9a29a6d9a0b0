namespace SpatialHub.Server.MapClient;

/// <summary>The <c>SpatialHub:Map</c> section: how the map pages (<c>/</c>, <c>/embed</c>) look and whom they trust.
/// Every default is here; appsettings.json has a commented sample and docs/map-client.md the reference.</summary>
public sealed class MapClientOptions
{
    public const string Section = "SpatialHub:Map";

    /// <summary>Notice the Lands Department's terms require whenever its basemap is shown.</summary>
    public const string LandsDepartmentNotice = "Map from Lands Department";

    /// <summary>A MapLibre style JSON to draw under the service's layers, e.g. a MapLibre-readable copy of the Lands
    /// Department vector basemap style. Default null: the offline basemap built from the service's own districts
    /// (land over a water background), which needs no internet. Its origin is added to the pages'
    /// Content-Security-Policy.</summary>
    public string? BasemapStyleUrl { get; set; }

    /// <summary>How long a page waits for <see cref="BasemapStyleUrl"/> before it falls back to the offline basemap
    /// (and says so on the map). Milliseconds, 500 to 30,000.</summary>
    public int BasemapTimeoutMs { get; set; } = 4000;

    /// <summary>Attribution shown while <see cref="BasemapStyleUrl"/> is in use.</summary>
    public string BasemapAttribution { get; set; } = LandsDepartmentNotice;

    /// <summary>Logo drawn on the map face while <see cref="BasemapStyleUrl"/> is in use (the Lands Department's terms
    /// require its logo). Default null: the provider's name is drawn as a text logo instead.</summary>
    public string? BasemapLogoUrl { get; set; }

    /// <summary>Text of the logo when no <see cref="BasemapLogoUrl"/> is set.</summary>
    public string BasemapLogoText { get; set; } = "Lands Department";

    /// <summary>Other origins the basemap style loads tiles, glyphs or sprites from (scheme://host[:port]); all are
    /// added to the Content-Security-Policy next to the style's own origin.</summary>
    public string[]? BasemapOrigins { get; set; }

    /// <summary>The layers shown when neither configuration nor the URL names any: the five sample datasets.</summary>
    public static readonly IReadOnlyList<string> SampleLayers = ["districts", "it-sites", "wifi-hk", "lampposts", "smart-lampposts"];

    /// <summary>Victoria Harbour, longitude then latitude.</summary>
    public static readonly IReadOnlyList<double> HarbourCenter = [114.17, 22.32];

    // Lists are null by default (not pre-filled) because configuration binding adds items to a pre-filled list.

    /// <summary>Datasets shown when a page names none (<c>?layers=</c>). Default null: <see cref="SampleLayers"/>.</summary>
    public string[]? DefaultLayers { get; set; }

    /// <summary>Initial centre, longitude then latitude, when the URL has no <c>#zoom/lat/lon</c>.
    /// Default null: <see cref="HarbourCenter"/>.</summary>
    public double[]? Center { get; set; }

    public IReadOnlyList<string> ResolvedDefaultLayers => DefaultLayers ?? SampleLayers;

    public IReadOnlyList<double> ResolvedCenter => Center ?? HarbourCenter;

    /// <summary>Initial zoom when the URL has no <c>#zoom/lat/lon</c>.</summary>
    public double Zoom { get; set; } = 11;

    /// <summary>Who may put <c>/embed</c> in an iframe (CSP frame-ancestors). Default "*": the public embeds it.
    /// The planners' page <c>/</c> only ever allows its own origin.</summary>
    public string EmbedFrameAncestors { get; set; } = "*";

    /// <summary>The basemap style's origin plus <see cref="BasemapOrigins"/>, for the Content-Security-Policy.</summary>
    public IReadOnlyList<string> TrustedBasemapOrigins()
    {
        var origins = new List<string>();
        if (Uri.TryCreate(BasemapStyleUrl, UriKind.Absolute, out var style))
        {
            origins.Add(style.GetLeftPart(UriPartial.Authority));
        }
        foreach (var origin in BasemapOrigins ?? [])
        {
            if (Uri.TryCreate(origin, UriKind.Absolute, out var uri) && !origins.Contains(uri.GetLeftPart(UriPartial.Authority)))
            {
                origins.Add(uri.GetLeftPart(UriPartial.Authority));
            }
        }
        return origins;
    }

    internal static bool IsValidOrigin(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    internal static bool IsValidFrameAncestors(string value) =>
        !string.IsNullOrWhiteSpace(value) && !value.Any(c => c is ';' or ',' or '\r' or '\n');
}
