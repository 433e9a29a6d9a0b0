using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Microsoft.Extensions.Primitives;

namespace SpatialHub.Server.Hosting;

/// <summary>
/// The one place absolute links start from. Catalog, collections, items and TileJSON answers are cacheable
/// (Cache-Control: public), so a link built from whatever Host header a client sent would let it plant its own host in
/// a shared cache. <c>SpatialHub:PublicBaseUrl</c> wins when set; otherwise the request's host (after X-Forwarded-Host
/// from a trusted proxy) is used only when it is one of <c>SpatialHub:AllowedHosts</c>, and anything else is a 400.
/// </summary>
internal static class PublicUrls
{
    /// <summary>What a service with no <c>SpatialHub:AllowedHosts</c> answers to: the machine itself.</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Absolute base URL of the service, without a trailing slash, e.g. <c>https://maps.example.org/hub</c>.</summary>
    /// <exception cref="UnknownHostException">No public base URL is configured and the host is not an allowed one.</exception>
    public static string BaseUrl(this HttpRequest request)
    {
        var settings = request.HttpContext.RequestServices.GetRequiredService<IOptions<SpatialHubOptions>>().Value;
        if (!string.IsNullOrEmpty(settings.PublicBaseUrl))
        {
            return settings.PublicBaseUrl.TrimEnd('/');
        }
        if (!IsAllowed(request.Host, settings.AllowedHosts))
        {
            throw new UnknownHostException();
        }
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary>The OpenAPI document's servers: the public base URL, or "/" (clients then resolve paths against the
    /// document's own address), never the request's Host, which the generator would otherwise copy in.</summary>
    public static Task NameServers(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var configured = context.ApplicationServices.GetRequiredService<IOptions<SpatialHubOptions>>().Value.PublicBaseUrl;
        document.Servers = string.IsNullOrEmpty(configured) ? [new OpenApiServer { Url = "/" }] : [new OpenApiServer { Url = configured.TrimEnd('/') }];
        return Task.CompletedTask;
    }

    /// <summary>Host names compare without their port, case-insensitively; "*.example.org" allows its subdomains.</summary>
    public static bool IsAllowed(HostString host, IReadOnlyList<string> allowedHosts) =>
        host.HasValue && HostString.MatchesAny(host.Host, (allowedHosts.Count == 0 ? DefaultAllowedHosts : allowedHosts).Select(h => new StringSegment(h)).ToList());

    /// <summary>An absolute http(s) URL with no query or fragment.</summary>
    public static bool IsValidBaseUrl(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo));
}

/// <summary>The request named a host this service is not configured to answer to (answered 400). The host itself is
/// not repeated: echoing it is what a cache-poisoning attempt wants.</summary>
public sealed class UnknownHostException() : Exception(
    "This service builds links only for its configured addresses: the request's host is not one of SpatialHub:AllowedHosts. "
    + "Set SpatialHub:PublicBaseUrl, or add the host name to SpatialHub:AllowedHosts.");
