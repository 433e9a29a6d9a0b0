using System.Net;
using System.Text.RegularExpressions;

namespace SpatialHub.Mapping.Tiles;

/// <summary>TileJSON's <c>attribution</c> is HTML (links, <c>&amp;amp;</c>); a map image draws text.</summary>
public static partial class AttributionText
{
    /// <summary>The text a reader sees: tags dropped, entities decoded ("I&amp;amp;T" becomes "I&amp;T"), spaces folded.</summary>
    public static string? FromHtml(string? html) =>
        html is null ? null : Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, "")), " ").Trim();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
