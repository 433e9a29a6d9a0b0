using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Sources;

/// <summary>One GET at a time to an allowed host: redirects followed only to allowed hosts, bounded in size and
/// time, retried with doubling delays on network errors, timeouts, 429 and 5xx. Another 4xx is final.</summary>
public sealed class PageFetcher(HttpClient http, IOptions<SourcesOptions> options)
{
    private const int MaxRedirects = 5;

    public SourcesOptions Options => options.Value;

    /// <summary>A JSON page, its size in bytes, and its Content-Crs header (OGC API – Features names the CRS there).</summary>
    public async Task<(JsonDocument Json, long Bytes, string? ContentCrs)> JsonAsync(Uri url, CancellationToken cancellationToken)
    {
        return await RetryAsync(url, async () =>
        {
            using var response = await SendAsync(url, null, cancellationToken);
            using var body = new MemoryStream();
            await CopyBoundedAsync(response, url, body, cancellationToken);
            body.Position = 0;
            var crs = response.Headers.TryGetValues("Content-Crs", out var values) ? values.FirstOrDefault()?.Trim('<', '>', ' ') : null;
            try
            {
                return (await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken), body.Length, crs);
            }
            catch (JsonException e)
            {
                // A page cut short by the network reads as broken JSON: worth another attempt.
                throw new RetryableException($"{url} did not answer JSON ({e.Message})");
            }
        }, cancellationToken);
    }

    /// <summary>The file at <paramref name="url"/> copied into <paramref name="target"/>; null when the server says
    /// it has not changed since <paramref name="previous"/> (304).</summary>
    public async Task<HttpResponseMessage?> FileAsync(Uri url, string target, SourceValidators? previous, CancellationToken cancellationToken)
    {
        return await RetryAsync<HttpResponseMessage?>(url, async () =>
        {
            var response = await SendAsync(url, previous, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                response.Dispose();
                return null;
            }
            await using var file = new FileStream(target, FileMode.Create, FileAccess.Write);
            await CopyBoundedAsync(response, url, file, cancellationToken);
            return response;
        }, cancellationToken);
    }

    private async Task<T> RetryAsync<T>(Uri url, Func<Task<T>> fetch, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(Options.RetryDelayMilliseconds);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await fetch();
            }
            catch (Exception e) when (IsRetryable(e, cancellationToken) && attempt < Options.Attempts)
            {
                await Task.Delay(delay, cancellationToken);
                delay *= 2;
            }
            catch (Exception e) when (IsRetryable(e, cancellationToken))
            {
                throw new SourceFetchException($"{Shown(url)} failed {Options.Attempts} times: {e.Message}", e);
            }
        }
    }

    private static bool IsRetryable(Exception e, CancellationToken cancellationToken) =>
        e is RetryableException or HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private async Task<HttpResponseMessage> SendAsync(Uri url, SourceValidators? previous, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            EnsureAllowed(url);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/geo+json, application/json;q=0.9, */*;q=0.5");
            if (previous?.ETag is { } etag)
            {
                request.Headers.IfNoneMatch.ParseAdd(etag);
            }
            if (previous?.LastModified is { } modified)
            {
                request.Headers.IfModifiedSince = modified;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.RequestTimeout);
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode is >= 300 and < 400 && response.StatusCode != HttpStatusCode.NotModified && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (redirects == MaxRedirects)
                {
                    throw new SourceFetchException($"{Shown(url)} redirects more than {MaxRedirects} times.");
                }
                url = new Uri(url, location);
                continue;
            }
            if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
            {
                return response;
            }
            var status = (int)response.StatusCode;
            response.Dispose();
            if (status == 429 || status >= 500)
            {
                throw new RetryableException($"{Shown(url)} answered {status}");
            }
            throw new SourceFetchException($"{Shown(url)} answered {status} {response.ReasonPhrase}: check the URL and its parameters.");
        }
    }

    private void EnsureAllowed(Uri url)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            throw new SourceFetchException($"{Shown(url)}: only http and https URLs are fetched.");
        }
        if (!Options.Allows(url.IdnHost))
        {
            throw new SourceFetchException(
                $"{url.IdnHost} is not an allowed host: add it to {SourcesOptions.Section}:AllowedHosts (now: {string.Join(", ", Options.AllowedHosts)}).");
        }
    }

    /// <summary>Copies the body, refused once it passes the response bound (whatever Content-Length claimed).</summary>
    private async Task CopyBoundedAsync(HttpResponseMessage response, Uri url, Stream destination, CancellationToken cancellationToken)
    {
        var limit = Options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new SourceFetchException($"{Shown(url)} sends {response.Content.Headers.ContentLength:N0} bytes, over {SourcesOptions.Section}:MaxResponseBytes ({limit:N0}).");
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var chunk = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new SourceFetchException($"{Shown(url)} sent more than {SourcesOptions.Section}:MaxResponseBytes ({limit:N0}).");
            }
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>The URL without its query's values that may hold tokens (<c>token</c>, <c>key</c>...), for messages and logs.</summary>
    internal static string Shown(Uri url) => url.GetLeftPart(UriPartial.Path);

    private sealed class RetryableException(string message) : Exception(message);
}
