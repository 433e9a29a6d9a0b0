using System.Globalization;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Search;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Search;

/// <summary><c>GET /api/search?q=&amp;limit=</c>: features of every dataset whose name-like fields contain the text, best first.</summary>
public static class SearchEndpoints
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 50;
    public const int MaxQueryLength = 100;

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchAsync).WithTags("Search")
            .WithSummary("Find features by name across all datasets")
            .WithDescription($"q: 1 to {MaxQueryLength} characters, case-insensitive, matched literally. limit: 1 to {MaxLimit} "
                + $"(default {DefaultLimit}; larger values are served as {MaxLimit}). Ranked exact > prefix > word prefix > substring > fuzzy (pg_trgm word similarity, or spaces ignored), "
                + "names and identifiers above addresses, then shorter names first.");
        return app;
    }

    private static async Task<SearchResponse> SearchAsync(string? q, string? limit, CatalogRepository catalog, SearchQuery search, CancellationToken cancellationToken)
    {
        var text = q?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxQueryLength)
        {
            throw new RequestValidationException("Invalid q", $"q must be 1 to {MaxQueryLength} characters.");
        }
        if (text.Any(char.IsControl))
        {
            throw new RequestValidationException("Invalid q", "q must not contain control characters.");
        }
        var pageSize = DefaultLimit;
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1)
            {
                throw new RequestValidationException("Invalid limit", $"limit must be a whole number from 1 to {MaxLimit}.");
            }
            pageSize = Math.Min(pageSize, MaxLimit);
        }
        var datasets = await catalog.ListAsync(cancellationToken);
        var hits = await search.SearchAsync(datasets, text, pageSize, cancellationToken);
        return new SearchResponse(text, hits.Select(SearchResult.From).ToList());
    }
}

/// <summary>The search answer: the text searched for (trimmed) and the results, best first.</summary>
public sealed record SearchResponse(string Query, IReadOnlyList<SearchResult> Results);

/// <summary>One result. <c>name</c> is the value of <c>field</c> that matched; lon/lat a point on the feature
/// (WGS84); bbox its bounds [minLon, minLat, maxLon, maxLat]; fuzzy: the name does not contain q literally (a near
/// miss such as "Sceince Park", or a match with spaces ignored), ranked after every literal match.</summary>
public sealed record SearchResult(string Dataset, long FeatureId, string Name, string Field, int Score, double Lon, double Lat, IReadOnlyList<double> Bbox, bool Fuzzy)
{
    public static SearchResult From(SearchHit hit) =>
        new(hit.Dataset, hit.FeatureId, hit.Name, hit.Field, hit.Score, hit.Longitude, hit.Latitude, hit.Bbox, hit.Fuzzy);
}
