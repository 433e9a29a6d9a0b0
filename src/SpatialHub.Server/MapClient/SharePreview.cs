using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.Mapping.Geometry;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Catalog;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Rendering;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.MapClient;

/// <summary>The view a share link names: <c>?at=zoom/lat/lon</c> (the map's #fragment never reaches the server).</summary>
public sealed record SharedView(double Zoom, double Latitude, double Longitude)
{
    /// <summary>The <c>at</c> value, or null unless it is exactly three finite numbers in range (zoom 0..22).</summary>
    public static SharedView? Parse(string? at)
    {
        var parts = at?.Split('/');
        if (parts is not { Length: 3 })
        {
            return null;
        }
        var numbers = new double[3];
        for (var i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                return null;
            }
        }
        var view = new SharedView(numbers[0], numbers[1], numbers[2]);
        return view.Zoom is >= 0 and <= StaticMapRequest.MaxZoom && StaticMapRequest.IsLatitude(view.Latitude) && StaticMapRequest.IsLongitude(view.Longitude)
            ? view
            : null;
    }

    /// <summary>Rounded as the map's own hash rounds (about a metre), so equal views give equal image URLs (one cache entry).</summary>
    public string At => FormattableString.Invariant($"{Math.Round(Zoom, 2)}/{Math.Round(Latitude, 5)}/{Math.Round(Longitude, 5)}");

    public string StaticView => FormattableString.Invariant($"{Math.Round(Longitude, 5)},{Math.Round(Latitude, 5)},{Math.Round(Zoom, 2)}");
}

/// <summary>
/// The map page <c>/</c> with Open Graph / Twitter card tags, so a shared link previews as a static map of its view
/// (<c>/static/{layers}/{lon},{lat},{zoom}/1200x630.png</c>). index.html is read once per change and split at its
/// placeholder; each request only formats a few validated values. Anything missing or invalid in the query gives the
/// default preview (the whole territory, the default layers): the page itself never fails because of its query.
/// </summary>
public sealed class SharePreview(IWebHostEnvironment environment, IOptionsMonitor<MapClientOptions> mapOptions, TilesOptions tiles, CatalogListCache catalog,
    StaticAssetPages assets)
{
    public const string Placeholder = "<!--share-preview-->";
    public const int ImageWidth = 1200;
    public const int ImageHeight = 630;

    /// <summary>Hong Kong's land and waters (minlon, minlat, maxlon, maxlat), fitted into the default preview.</summary>
    private static readonly SharedView Territory = FitTerritory(113.82, 22.15, 114.45, 22.57);

    private volatile Template? _template;

    private sealed record Template(DateTimeOffset Modified, long Length, string Before, string After);

    /// <summary>The page for this request, or null when the web root has no index.html.</summary>
    public async Task<string?> PageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var template = Load();
        if (template is null)
        {
            return null;
        }
        return template.Before + await TagsAsync(request, cancellationToken) + template.After;
    }

    private Template? Load()
    {
        var file = environment.WebRootFileProvider.GetFileInfo("index.html");
        if (!file.Exists || file.IsDirectory)
        {
            return null;
        }
        if (_template is { } cached && cached.Modified == file.LastModified && cached.Length == file.Length)
        {
            return cached;
        }
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        var html = assets.Rewrite(reader.ReadToEnd());
        // A replaced index.html without the placeholder still gets the tags, at the end of its head.
        var at = html.IndexOf(Placeholder, StringComparison.Ordinal);
        var cut = at >= 0 ? at : Math.Max(0, html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase));
        var template = new Template(file.LastModified, file.Length, html[..cut], html[(at >= 0 ? cut + Placeholder.Length : cut)..]);
        _template = template;
        return template;
    }

    private async Task<string> TagsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        string baseUrl;
        try
        {
            baseUrl = request.BaseUrl();
        }
        catch (UnknownHostException)
        {
            return ""; // no trusted absolute address to put in a preview: the map still opens
        }
        var datasets = await KnownDatasetsAsync(cancellationToken);
        var view = request.Query["at"] is { Count: 1 } at ? SharedView.Parse(at[0]) : null;
        var requested = RequestedLayers(request, datasets);
        var layers = requested ?? mapOptions.CurrentValue.ResolvedDefaultLayers.Where(datasets.ContainsKey).ToList();
        // Only validated values go into the URLs: ids are [a-z0-9_-] and the view is three formatted numbers.
        var query = string.Join('&', new[] { view is null ? null : $"at={view.At}", requested is null ? null : $"layers={string.Join(',', requested)}" }
            .OfType<string>());
        var pageUrl = $"{baseUrl}/{(query.Length > 0 ? "?" + query : "")}";
        var title = layers.Count == 0 ? "SpatialHub map of Hong Kong" : "SpatialHub map: " + string.Join(", ", layers.Select(id => datasets[id]));
        var tags = new StringBuilder();
        void Meta(string attribute, string name, string content) =>
            tags.Append("<meta ").Append(attribute).Append("=\"").Append(name).Append("\" content=\"")
                .Append(HtmlEncoder.Default.Encode(content)).Append("\">\n  ");
        Meta("property", "og:type", "website");
        Meta("property", "og:title", title);
        Meta("property", "og:url", pageUrl);
        Meta("name", "twitter:card", "summary_large_image");
        if (layers.Count > 0)
        {
            var image = $"{baseUrl}/static/{string.Join(',', layers)}/{(view ?? Territory).StaticView}/{ImageWidth}x{ImageHeight}.png";
            Meta("property", "og:image", image);
            Meta("property", "og:image:width", ImageWidth.ToString(CultureInfo.InvariantCulture));
            Meta("property", "og:image:height", ImageHeight.ToString(CultureInfo.InvariantCulture));
            Meta("name", "twitter:image", image);
        }
        return tags.ToString().TrimEnd();
    }

    /// <summary><c>?layers=</c> when every id in it is well formed and in the catalog (null otherwise: the defaults).</summary>
    private IReadOnlyList<string>? RequestedLayers(HttpRequest request, IReadOnlyDictionary<string, string> datasets)
    {
        if (request.Query["layers"] is not { Count: 1 } value || string.IsNullOrEmpty(value[0]))
        {
            return null;
        }
        try
        {
            var ids = TileLayers.Parse(value[0], tiles.MaxLayers);
            return ids.All(datasets.ContainsKey) ? ids : null;
        }
        catch (Exception e) when (e is InvalidDatasetIdException or InvalidLayerListException or TooManyLayersException)
        {
            return null;
        }
    }

    /// <summary>Dataset id to title, from the in-memory catalog list; empty when the database cannot answer (the page
    /// is still served, without an image).</summary>
    private async Task<IReadOnlyDictionary<string, string>> KnownDatasetsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await catalog.ListAsync(cancellationToken)).ToDictionary(d => d.Id, d => d.Title, StringComparer.Ordinal);
        }
        catch (DatabaseException)
        {
            return new Dictionary<string, string>();
        }
    }

    private static SharedView FitTerritory(double minLon, double minLat, double maxLon, double maxLat)
    {
        var fit = Viewport.Fit(minLon, minLat, maxLon, maxLat, ImageWidth, ImageHeight, 1, maxZoom: 20);
        return new SharedView(fit.Zoom, fit.Latitude, fit.Longitude);
    }
}
