using SpatialHub.Server.Catalog;

namespace SpatialHub.Server.Features;

/// <summary>Links to other pages of the same selection: the request's own query with some parameters replaced,
/// so that bbox, within, f and download survive paging.</summary>
internal static class PageLinks
{
    /// <summary>next while features remain after this page; prev unless this is the first page.</summary>
    public static IReadOnlyList<Link> Paging(HttpRequest request, string path, int limit, long offset, int returned, long matched)
    {
        var links = new List<Link>();
        if (offset + returned < matched && returned > 0)
        {
            links.Add(new Link("next", With(request, path, ("limit", Text(limit)), ("offset", Text(offset + returned))), OgcApi.GeoJson, "Next page"));
        }
        if (offset > 0)
        {
            var previous = Math.Max(0, offset - limit);
            links.Add(new Link("prev", With(request, path, ("limit", Text(limit)), ("offset", Text(previous))), OgcApi.GeoJson, "Previous page"));
        }
        return links;
    }

    /// <summary>The request's URL with the given parameters set (replaced when present, appended otherwise).</summary>
    public static string With(HttpRequest request, string path, params (string Name, string Value)[] replacements)
    {
        var names = replacements.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var pairs = request.Query
            .Where(p => !names.Contains(p.Key))
            .Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))
            .Concat(replacements.Select(r => KeyValuePair.Create(r.Name, (string?)r.Value)));
        return path + QueryString.Create(pairs).ToUriComponent();
    }

    private static string Text(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
