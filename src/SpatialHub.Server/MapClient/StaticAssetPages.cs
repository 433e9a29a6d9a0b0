using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.AspNetCore.StaticAssets;

namespace SpatialHub.Server.MapClient;

/// <summary>
/// wwwroot as MapStaticAssets serves it: every file under its own name (no-cache, revalidated by a SHA-256 ETag) and
/// under a fingerprinted one (<c>js/app.{hash}.js</c>, cached for a year as immutable), each as Brotli or gzip made
/// at build time. The pages name their files plainly; this rewrites their <c>src</c>/<c>href</c> to the fingerprinted
/// names and adds an import map, so that the modules they import (by plain relative names) and MapLibre's worker
/// (<c>import.meta.resolve</c>) also load from fingerprinted URLs. The import map is inline: its hash goes into the
/// pages' Content-Security-Policy (<see cref="ImportMapSource"/>), not 'unsafe-inline'.
/// </summary>
public sealed partial class StaticAssetPages(EndpointDataSource endpoints)
{
    private readonly Lazy<Assets> _assets = new(() => Assets.From(endpoints));

    private sealed record Assets(FrozenDictionary<string, string> Fingerprinted, string ImportMap, string ImportMapSource)
    {
        public static Assets From(EndpointDataSource endpoints)
        {
            var urls = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var endpoint in endpoints.Endpoints)
            {
                // The fingerprinted endpoint of the uncompressed file: its label is the plain name. The .br/.gz
                // variants of the same route carry selectors; the routes of the .gz files themselves end in .gz.
                if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is { Selectors.Count: 0 } asset
                    && asset.Properties.Any(p => p.Name == "fingerprint")
                    && asset.Properties.FirstOrDefault(p => p.Name == "label")?.Value is { } label
                    && !label.EndsWith(".gz", StringComparison.Ordinal) && !label.EndsWith(".br", StringComparison.Ordinal))
                {
                    urls["/" + label] = "/" + asset.Route;
                }
            }
            var modules = urls.Where(u => u.Key.EndsWith(".js", StringComparison.Ordinal) || u.Key.EndsWith(".mjs", StringComparison.Ordinal))
                .ToDictionary(u => u.Key, u => u.Value);
            var map = modules.Count == 0 ? "" : JsonSerializer.Serialize(new { imports = modules });
            var source = map.Length == 0 ? "" : $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map)))}'";
            return new Assets(urls.ToFrozenDictionary(StringComparer.Ordinal), map, source);
        }
    }

    /// <summary>" 'sha256-…'" of the import map the pages carry, for script-src; empty when there is none.</summary>
    public string ImportMapSource => _assets.Value.ImportMapSource;

    /// <summary>The fingerprinted URL of a wwwroot path ("/js/app.js"), or the path itself when it has none.</summary>
    public string UrlOf(string path) => _assets.Value.Fingerprinted.GetValueOrDefault(path, path);

    /// <summary>The page with fingerprinted <c>src</c>/<c>href</c> and the import map before its first module script.</summary>
    public string Rewrite(string html)
    {
        var assets = _assets.Value;
        if (assets.Fingerprinted.Count == 0)
        {
            return html;
        }
        html = LocalReference().Replace(html, match =>
            assets.Fingerprinted.TryGetValue(match.Groups["path"].Value, out var url) ? $"{match.Groups["attribute"].Value}=\"{url}\"" : match.Value);
        var module = html.IndexOf("<script type=\"module\"", StringComparison.Ordinal);
        return module < 0 || assets.ImportMap.Length == 0
            ? html
            : string.Concat(html.AsSpan(0, module), $"<script type=\"importmap\">{assets.ImportMap}</script>\n  ", html.AsSpan(module));
    }

    /// <summary>A built (not published) service serves wwwroot and the build's compressed copies from where the build
    /// left them, as listed in the runtime manifest beside the executable. Development hosts read it already; any other
    /// environment (Production, the tests' Testing) reads it here. A published service has no such manifest: no-op.
    /// A web root set explicitly (<c>--webroot</c>, <c>ASPNETCORE_WEBROOT</c>) is the operator's page set and is served
    /// as it is, without the build's files merged in.</summary>
    internal static void UseBuildOutput(WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && string.IsNullOrEmpty(app.Configuration[WebHostDefaults.WebRootKey]))
        {
            StaticWebAssetsLoader.UseStaticWebAssets(app.Environment, app.Configuration);
        }
    }

    /// <summary>Maps wwwroot when the build or publish wrote its endpoints manifest beside the executable (without it,
    /// a copied web root only, UseStaticFiles serves the files as they are).</summary>
    /// <remarks>A build's manifest makes MapStaticAssets re-read edited files: it then sends every file no-cache, and
    /// an edited one "compressed" at level 0. That suits a developer editing wwwroot (Development), not a built
    /// service run as such or tested, so elsewhere it is off unless <c>ReloadStaticAssetsAtRuntime</c> is set.</remarks>
    internal static void Map(IEndpointRouteBuilder app)
    {
        var environment = app.ServiceProvider.GetRequiredService<IWebHostEnvironment>();
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, $"{environment.ApplicationName}.staticwebassets.endpoints.json")))
        {
            return;
        }
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!environment.IsDevelopment() && configuration[ReloadAtRuntime] is null && configuration is IConfigurationBuilder settings)
        {
            settings.AddInMemoryCollection([new(ReloadAtRuntime, "false")]);
        }
        app.MapStaticAssets();
    }

    private const string ReloadAtRuntime = "ReloadStaticAssetsAtRuntime";

    [GeneratedRegex(@"(?<attribute>\b(?:src|href))=""(?<path>/[^""?#]+)""")]
    private static partial Regex LocalReference();
}
