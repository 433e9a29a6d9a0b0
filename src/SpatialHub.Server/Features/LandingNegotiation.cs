using Microsoft.Net.Http.Headers;

namespace SpatialHub.Server.Features;

/// <summary>
/// Chooses between the landing page's two representations. <c>f=json</c> / <c>f=html</c> win; otherwise JSON only
/// when the Accept header rates application/json strictly above text/html (QGIS and GDAL send
/// <c>Accept: application/json</c>; browsers send text/html first; <c>*/*</c> alone, or no Accept, gets the map page).
/// </summary>
internal static class LandingNegotiation
{
    public static bool WantsJson(HttpRequest request, string? f) => f switch
    {
        "json" => true,
        "html" => false,
        null => Quality(request, "application", "json") > Quality(request, "text", "html"),
        _ => throw ItemsParameters.Invalid("Invalid f", $"f must be json or html, not '{ItemsParameters.Truncate(f)}'."),
    };

    /// <summary>The quality the Accept header gives a media type: that of the most specific matching range
    /// (type/subtype over type/* over */*), 0 when none matches or the header cannot be parsed.</summary>
    private static double Quality(HttpRequest request, string type, string subtype)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges))
        {
            return 0;
        }
        var best = (Specificity: -1, Quality: 0.0);
        foreach (var range in ranges)
        {
            var specificity = Matches(range.Type, type) && Matches(range.SubType, subtype)
                ? (range.Type == "*" ? 0 : range.SubType == "*" ? 1 : 2)
                : -1;
            if (specificity > best.Specificity)
            {
                best = (specificity, range.Quality ?? 1.0);
            }
        }
        return best.Quality;
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringSegment range, string value) =>
        range.Equals("*", StringComparison.Ordinal) || range.Equals(value, StringComparison.OrdinalIgnoreCase);
}
