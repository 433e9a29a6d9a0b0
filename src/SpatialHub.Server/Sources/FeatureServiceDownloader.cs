using System.Text;
using System.Text.Json;
using SpatialHub.Core.Import.Services;
using SpatialHub.Core.Projection;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Sources;

/// <summary>
/// Fetches a web source into one local file with .NET's HttpClient (GDAL's network drivers stay off): a plain file
/// as it is; the pages of a WFS, an OGC API – Features collection or an ArcGIS layer, in order, until the end,
/// stitched into one GeoJSON FeatureCollection that names the service's CRS. A failed page is retried (with backoff)
/// and the download carries on from it; the pages before it are kept.
/// </summary>
public sealed class FeatureServiceDownloader(PageFetcher fetcher)
{
    /// <param name="previous">For a plain file: the validators of the last fetch; null is returned when the server says it is unchanged.</param>
    public async Task<DownloadedSource?> DownloadAsync(
        Uri url, FeatureServiceKind? kind, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken, SourceValidators? previous = null)
    {
        var folder = Directory.CreateTempSubdirectory("spatialhub-download-").FullName;
        try
        {
            return (kind ?? FeatureServices.Detect(url)) switch
            {
                FeatureServiceKind.File => await FileAsync(url, folder, previous, cancellationToken),
                var service => await PagesAsync(url, service, folder, progress, cancellationToken),
            };
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    private async Task<DownloadedSource?> FileAsync(Uri url, string folder, SourceValidators? previous, CancellationToken cancellationToken)
    {
        var name = FileNameOf(url);
        var path = Path.Combine(folder, "source" + Path.GetExtension(name));
        using var response = await fetcher.FileAsync(url, path, previous, cancellationToken);
        if (response is null)
        {
            Directory.Delete(folder, recursive: true);
            return null;
        }
        var given = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        if (given is not null && Path.GetExtension(Path.GetFileName(given.Trim('"'))) is { Length: > 0 } extension && extension != Path.GetExtension(path))
        {
            // The server's name decides the format (a download link ending in ?id=42 says nothing).
            name = Path.GetFileName(given.Trim('"'));
            var renamed = Path.Combine(folder, "source" + extension);
            File.Move(path, renamed);
            path = renamed;
        }
        return new DownloadedSource(path, name, await FileHash.Sha256Async(path, cancellationToken), 1, 0)
        {
            ETag = response.Headers.ETag?.ToString(),
            LastModified = response.Content.Headers.LastModified,
        };
    }

    private async Task<DownloadedSource> PagesAsync(Uri url, FeatureServiceKind kind, string folder, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, "source.geojson");
        int pageCount;
        long features;
        await using (var output = new FeatureCollectionFile(path))
        {
            var pages = kind switch
            {
                FeatureServiceKind.Wfs => WfsPages(url, cancellationToken),
                FeatureServiceKind.OgcApiFeatures => OgcApiPages(url, cancellationToken),
                _ => EsriPages(url, cancellationToken),
            };
            long bytes = 0;
            await foreach (var page in pages)
            {
                using (page.Json)
                {
                    bytes += page.Bytes;
                    if (bytes > fetcher.Options.MaxTotalBytes)
                    {
                        throw new SourceFetchException($"{PageFetcher.Shown(url)}: the pages pass {SourcesOptions.Section}:MaxTotalBytes ({fetcher.Options.MaxTotalBytes:N0}).");
                    }
                    if (output.Pages == 0)
                    {
                        output.Begin(page.Crs);
                    }
                    output.Add(page.Json.RootElement, kind == FeatureServiceKind.EsriFeatureServer);
                    progress?.Report(new DownloadProgress(output.Pages, output.Features, page.Expected));
                }
            }
            if (output.Pages == 0)
            {
                output.Begin(null);
            }
            (pageCount, features) = (output.Pages, output.Features);
        }
        return new DownloadedSource(path, FileNameOf(url, ".geojson"), await FileHash.Sha256Async(path, cancellationToken), pageCount, features);
    }

    private sealed record Page(JsonDocument Json, long Bytes, Crs? Crs, long? Expected);

    private async IAsyncEnumerable<Page> WfsPages(Uri url, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long start = 0;
        for (var pages = 0; pages < fetcher.Options.MaxPages; pages++)
        {
            var pageUrl = FeatureServices.WfsPage(url, start, out var size);
            var (json, bytes, _) = await fetcher.JsonAsync(pageUrl, cancellationToken);
            var root = json.RootElement;
            var count = FeatureCount(root, pageUrl);
            long? matched = root.TryGetProperty("numberMatched", out var m) && m.TryGetInt64(out var n) ? n : root.TryGetProperty("totalFeatures", out var t) && t.TryGetInt64(out var tn) ? tn : null;
            yield return new Page(json, bytes, CrsOf(root, pageUrl) ?? CrsNamed(System.Web.HttpUtility.ParseQueryString(url.Query)["srsName"], pageUrl), matched);
            start += count;
            if (count < size || count == 0 || start >= matched)
            {
                yield break;
            }
        }
        throw TooManyPages(url);
    }

    private async IAsyncEnumerable<Page> OgcApiPages(Uri url, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Uri? next = FeatureServices.OgcApiFirstPage(url);
        var seen = new HashSet<Uri>();
        for (var pages = 0; pages < fetcher.Options.MaxPages; pages++)
        {
            var pageUrl = next!;
            var (json, bytes, contentCrs) = await fetcher.JsonAsync(pageUrl, cancellationToken);
            var root = json.RootElement;
            FeatureCount(root, pageUrl);
            long? matched = root.TryGetProperty("numberMatched", out var m) && m.TryGetInt64(out var n) ? n : null;
            next = NextLink(root, pageUrl);
            yield return new Page(json, bytes, CrsNamed(contentCrs, pageUrl) ?? CrsRegistry.Wgs84, matched);
            if (next is null || !seen.Add(next))
            {
                yield break;
            }
        }
        throw TooManyPages(url);
    }

    private async IAsyncEnumerable<Page> EsriPages(Uri url, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long offset = 0;
        for (var pages = 0; pages < fetcher.Options.MaxPages; pages++)
        {
            var pageUrl = FeatureServices.EsriPage(url, offset);
            var (json, bytes, _) = await fetcher.JsonAsync(pageUrl, cancellationToken);
            var root = json.RootElement;
            if (EsriJson.Error(root) is { } error)
            {
                json.Dispose();
                throw new SourceFetchException($"{PageFetcher.Shown(pageUrl)} reported an error: {error}");
            }
            var count = FeatureCount(root, pageUrl);
            var more = EsriJson.ExceededTransferLimit(root);
            var srid = EsriJson.Srid(root);
            yield return new Page(json, bytes, srid is { } code ? CrsNamed($"EPSG:{code}", pageUrl) : null, null);
            offset += count;
            if (!more || count == 0)
            {
                yield break;
            }
        }
        throw TooManyPages(url);
    }

    private static int FeatureCount(JsonElement page, Uri url) =>
        page.ValueKind == JsonValueKind.Object && page.TryGetProperty("features", out var features) && features.ValueKind == JsonValueKind.Array
            ? features.GetArrayLength()
            : throw new SourceFetchException($"{PageFetcher.Shown(url)} did not answer a feature page (no \"features\" array).");

    private static Crs? CrsOf(JsonElement page, Uri url) =>
        page.TryGetProperty("crs", out var crs) && crs.TryGetProperty("properties", out var properties) && properties.TryGetProperty("name", out var name)
            ? CrsNamed(name.GetString(), url)
            : null;

    private static Crs? CrsNamed(string? name, Uri url) =>
        string.IsNullOrWhiteSpace(name)
            ? null
            : CrsParser.Find(name) ?? throw new SourceFetchException(
                $"{PageFetcher.Shown(url)} serves coordinates in {name}, which SpatialHub does not read: ask the service for EPSG:2326 or EPSG:4326 (srsName=, crs= or outSR=).");

    private static Uri? NextLink(JsonElement page, Uri url)
    {
        if (!page.TryGetProperty("links", out var links) || links.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var link in links.EnumerateArray())
        {
            if (link.TryGetProperty("rel", out var rel) && rel.GetString() == "next" && link.TryGetProperty("href", out var href)
                && Uri.TryCreate(url, href.GetString(), out var next))
            {
                return next;
            }
        }
        return null;
    }

    private SourceFetchException TooManyPages(Uri url) =>
        new($"{PageFetcher.Shown(url)}: more than {fetcher.Options.MaxPages:N0} pages ({SourcesOptions.Section}:MaxPages); the service's paging may loop.");

    /// <summary>The URL's last path segment as a file name (never a path); <paramref name="extension"/> for service pages.</summary>
    private static string FileNameOf(Uri url, string? extension = null)
    {
        var last = url.Segments.Length > 0 ? Uri.UnescapeDataString(url.Segments[^1]).Trim('/') : "";
        var safe = new string(last.Where(c => !Path.GetInvalidFileNameChars().Contains(c)).ToArray());
        var name = safe.Length == 0 ? url.Host : safe;
        return extension is null ? name : $"{url.Host}-{Path.GetFileNameWithoutExtension(name)}{extension}";
    }
}
