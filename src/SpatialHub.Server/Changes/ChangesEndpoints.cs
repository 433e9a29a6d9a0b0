using SpatialHub.Server.Analytics;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Changes;

/// <summary><c>GET /api/datasets/{id}/changes?from=V&amp;to=W</c>: the features added, removed, moved and changed between
/// two kept versions of a dataset (default: the previous kept version and the current one).</summary>
public static class ChangesEndpoints
{
    public static IEndpointRouteBuilder MapChanges(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/datasets/{id}/changes", ChangesAsync).WithTags("Catalog")
            .AddEndpointFilter(AnalyticsProblems.FilterAsync)
            .RequireExpensiveReadBudget()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Features added, removed, moved and with changed attributes between two kept versions of a dataset")
            .WithDescription($"from=version (default: the kept version before 'to'); to=version (default: the current one); tolerance=metres "
                + $"a feature must move by to count as moved (default {ChangesService.DefaultToleranceMetres:0}, at most {ChangesService.MaxToleranceMetres:0}); "
                + $"limit=changes per response (1 to {ChangesPage.MaxLimit}, default {ChangesPage.DefaultLimit}); offset=changes to skip (default 0); "
                + "f=json|geojson|csv. The counts cover every change; 'page' (CSV: X-Total-Count, X-Truncated) says whether more follow. Features are matched by the key named at import, else a unique id-like field, else all attributes (the answer says which).");
        return app;
    }

    private static async Task<IResult> ChangesAsync(
        HttpContext context, ChangesService changes, string id, string? from, string? to, string? tolerance, string? limit, string? offset, string? f,
        CancellationToken cancellationToken)
    {
        AnalyticsQuery.Only(context.Request, "from", "to", "tolerance", "limit", "offset", "f");
        var format = AnalyticsQuery.Format(f, "json", "geojson", "csv");
        var page = ChangesPage.Parse(limit, offset);
        var result = await changes.ChangesAsync(id, from, to, tolerance, cancellationToken);
        // Both versions named: the answer never changes.
        context.Response.Headers.CacheControl = from is not null && to is not null ? "public, max-age=86400, immutable" : "no-cache";
        if (format == "csv")
        {
            context.Response.Headers["X-Total-Count"] = result.Features.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["X-Truncated"] = page.Truncated(result) ? "true" : "false";
            return AnalyticsWriters.Csv(context, $"{id}-changes-{result.From.Version}-{result.To.Version}.csv", ChangesWriters.Csv(result, page));
        }
        return TypedResults.Bytes(ChangesWriters.GeoJson(result, page), format == "geojson" ? "application/geo+json" : "application/json");
    }
}
