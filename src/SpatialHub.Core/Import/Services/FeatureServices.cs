using System.Globalization;
using System.Web;

namespace SpatialHub.Core.Import.Services;

/// <summary>The kinds of web source an import can page through, or a plain file to download.</summary>
public enum FeatureServiceKind
{
    /// <summary>One GET of a file (CSV, GeoJSON, a zipped Shapefile ...), its format from its name.</summary>
    File,

    /// <summary>WFS 2.0 GetFeature with GeoJSON output, paged with <c>startIndex</c>/<c>count</c>.</summary>
    Wfs,

    /// <summary>OGC API – Features items, paged by following <c>next</c> links.</summary>
    OgcApiFeatures,

    /// <summary>ArcGIS REST FeatureServer/MapServer layer query, paged with <c>resultOffset</c> while <c>exceededTransferLimit</c>.</summary>
    EsriFeatureServer,
}

/// <summary>Recognises a feature service from its URL and builds the URL of each page. Pure: no HTTP here.</summary>
public static class FeatureServices
{
    /// <summary>WFS servers cap GetFeature at 10,000 features a request (GeoServer's and CSDI's default).</summary>
    public const int WfsMaxPageSize = 10_000;

    /// <summary>ArcGIS's default maxRecordCount; a server that allows fewer says so with exceededTransferLimit.</summary>
    public const int EsriPageSize = 1_000;

    public const int OgcApiPageSize = 1_000;

    public static IReadOnlyList<string> Names { get; } = ["wfs", "oapif", "esri", "file"];

    public static bool IsUrl(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The kind named by <c>--service</c>; null for none (then <see cref="Detect"/> decides).</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static FeatureServiceKind? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" => null,
        "wfs" => FeatureServiceKind.Wfs,
        "oapif" or "ogcapi" or "features" => FeatureServiceKind.OgcApiFeatures,
        "esri" or "arcgis" => FeatureServiceKind.EsriFeatureServer,
        "file" => FeatureServiceKind.File,
        _ => throw new ArgumentException($"Unknown service '{name}': use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>WFS when the query says <c>service=WFS</c> or <c>request=GetFeature</c>; ESRI for a
    /// <c>…/FeatureServer/N</c> or <c>…/MapServer/N</c> layer (with or without <c>/query</c>); OGC API – Features for
    /// <c>…/collections/{id}/items</c>; otherwise a file.</summary>
    public static FeatureServiceKind Detect(Uri url)
    {
        var query = HttpUtility.ParseQueryString(url.Query);
        var path = url.AbsolutePath.TrimEnd('/');
        if (string.Equals(query["service"], "WFS", StringComparison.OrdinalIgnoreCase)
            || string.Equals(query["request"], "GetFeature", StringComparison.OrdinalIgnoreCase))
        {
            return FeatureServiceKind.Wfs;
        }
        var segments = path.Split('/');
        if (segments.Length >= 2 && (IsEsriLayer(segments, segments.Length - 1) || (segments[^1] == "query" && IsEsriLayer(segments, segments.Length - 2))))
        {
            return FeatureServiceKind.EsriFeatureServer;
        }
        return path.EndsWith("/items", StringComparison.Ordinal) && path.Contains("/collections/", StringComparison.Ordinal)
            ? FeatureServiceKind.OgcApiFeatures
            : FeatureServiceKind.File;
    }

    private static bool IsEsriLayer(string[] segments, int index) =>
        index >= 1 && int.TryParse(segments[index], NumberStyles.None, CultureInfo.InvariantCulture, out _)
        && segments[index - 1] is "FeatureServer" or "MapServer";

    /// <summary>The WFS page at <paramref name="startIndex"/>: GeoJSON output, at most the 10,000 cap (or the
    /// smaller <c>count</c> the URL gave) per request; the URL's own typeNames, filters and srsName kept.</summary>
    public static Uri WfsPage(Uri url, long startIndex, out int pageSize)
    {
        var query = HttpUtility.ParseQueryString(url.Query);
        pageSize = int.TryParse(query["count"] ?? query["maxFeatures"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked)
            ? Math.Clamp(asked, 1, WfsMaxPageSize)
            : WfsMaxPageSize;
        query.Remove("maxFeatures");
        query["service"] = "WFS";
        query["version"] ??= "2.0.0";
        query["request"] = "GetFeature";
        query["outputFormat"] = "application/json";
        query["count"] = pageSize.ToString(CultureInfo.InvariantCulture);
        query["startIndex"] = startIndex.ToString(CultureInfo.InvariantCulture);
        return With(url, query);
    }

    /// <summary>The first OGC API – Features page: GeoJSON, the URL's <c>limit</c> or 1,000; later pages are the
    /// server's <c>next</c> links.</summary>
    public static Uri OgcApiFirstPage(Uri url)
    {
        var query = HttpUtility.ParseQueryString(url.Query);
        query["limit"] ??= OgcApiPageSize.ToString(CultureInfo.InvariantCulture);
        query["f"] ??= "json";
        return With(url, query);
    }

    /// <summary>The ArcGIS query page at <paramref name="offset"/>: ESRI JSON, every field, the geometry, the
    /// URL's own <c>where</c> (else all rows). Without <c>orderByFields</c> ArcGIS pages in object-id order.</summary>
    public static Uri EsriPage(Uri url, long offset)
    {
        var query = HttpUtility.ParseQueryString(url.Query);
        var path = url.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/query", StringComparison.Ordinal))
        {
            path += "/query";
        }
        query["where"] ??= "1=1";
        query["outFields"] ??= "*";
        query["returnGeometry"] = "true";
        query["f"] = "json";
        query["resultOffset"] = offset.ToString(CultureInfo.InvariantCulture);
        query["resultRecordCount"] ??= EsriPageSize.ToString(CultureInfo.InvariantCulture);
        return With(new UriBuilder(url) { Path = path }.Uri, query);
    }

    private static Uri With(Uri url, System.Collections.Specialized.NameValueCollection query) =>
        new UriBuilder(url) { Query = query.ToString() }.Uri;
}
