using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace SpatialHub.Server.MapClient;

/// <summary>Security headers for every HTML page the service sends (<c>/</c>, <c>/embed</c>, error pages): a
/// Content-Security-Policy that allows only the service's own origin plus the configured basemap origins.</summary>
internal sealed class PageSecurityHeaders(IOptionsMonitor<MapClientOptions> options, IOptions<DotnetClientOptions>? dotnetClient = null,
    StaticAssetPages? assets = null)
{
    public const string EmbedPath = "/embed";

    /// <summary>The Blazor WebAssembly demo (<see cref="DotnetClientEndpoints"/>): the only pages whose policy lets
    /// WebAssembly compile ('wasm-unsafe-eval'); / and /embed never get it.</summary>
    public const string DotnetPath = "/dotnet";

    /// <summary>The policy for one page. No 'unsafe-inline' script: the pages load ES modules from 'self' only.
    /// MapLibre starts its worker from its own module URL (worker-src 'self'; blob: for the fallback it may use) and
    /// paints canvases from data:/blob: images. Inline style attributes are set by MapLibre through the CSSOM, which
    /// CSP does not restrict. <paramref name="wasm"/> adds 'wasm-unsafe-eval' (WebAssembly compilation only, not JS eval).</summary>
    public string ContentSecurityPolicy(bool embed, bool wasm = false)
    {
        var current = options.CurrentValue;
        var basemap = string.Join("", current.TrustedBasemapOrigins().Select(origin => " " + origin));
        var frameAncestors = embed ? current.EmbedFrameAncestors : "'self'";
        return string.Join("; ",
            "default-src 'self'",
            wasm ? $"script-src 'self' 'wasm-unsafe-eval'{DotnetClientEndpoints.ImportMapSource(dotnetClient?.Value)}" : $"script-src 'self'{assets?.ImportMapSource}",
            $"style-src 'self'{basemap}",
            $"img-src 'self' data: blob:{basemap}",
            $"font-src 'self'{basemap}",
            $"connect-src 'self'{basemap}",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            $"frame-ancestors {frameAncestors}");
    }

    /// <summary>Adds the headers to a response just before it starts, once its content type is known.</summary>
    public void Apply(HttpContext context)
    {
        var embed = context.Request.Path.StartsWithSegments(EmbedPath, StringComparison.OrdinalIgnoreCase);
        var wasm = context.Request.Path.StartsWithSegments(DotnetPath, StringComparison.OrdinalIgnoreCase);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers[HeaderNames.XContentTypeOptions] = "nosniff";
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                // A page that set its own, stricter policy (/publish) keeps it.
                headers.TryAdd(HeaderNames.ContentSecurityPolicy, ContentSecurityPolicy(embed, wasm));
                // Pages name the fingerprinted files of this build: a cached page would load yesterday's.
                headers.TryAdd(HeaderNames.CacheControl, "no-cache");
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                // The planners' page may ask for the user's position ("Locate me"); the embed, framed by others, may not.
                headers["Permissions-Policy"] = embed ? "geolocation=(), camera=(), microphone=()" : "geolocation=(self), camera=(), microphone=()";
                if (!embed)
                {
                    headers[HeaderNames.XFrameOptions] = "SAMEORIGIN";
                }
            }
            return Task.CompletedTask;
        });
    }
}
