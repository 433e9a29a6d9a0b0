using Ganss.Xss;

namespace SpatialHub.Server.Catalog;

/// <summary>
/// A dataset's attribution as the HTML that map clients render it as (MapLibre puts TileJSON and source attribution
/// into its attribution box as HTML): the text escaped, with links kept only as <c>&lt;a href="http(s)://..."&gt;</c>.
/// Attributions come from uploads, so an <c>&lt;img&gt;</c>, a <c>javascript:</c> link or a style must not reach a
/// visitor's page live.
/// </summary>
internal static class AttributionHtml
{
    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string? Sanitize(string? attribution) =>
        string.IsNullOrWhiteSpace(attribution) ? attribution : Sanitizer.Sanitize(attribution);

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(["a"], StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(),
        })
        {
            // The text inside a refused element (<b>, <span>) is still the attribution: keep it, escaped.
            KeepChildNodes = true,
        };
        // Relative and protocol-relative links would point wherever the page is, or elsewhere unseen: absolute only.
        sanitizer.FilterUrl += (_, e) =>
        {
            if (!Uri.TryCreate(e.SanitizedUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !e.SanitizedUrl!.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
            {
                e.SanitizedUrl = null;
            }
        };
        return sanitizer;
    }
}
