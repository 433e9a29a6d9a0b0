using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using SpatialHub.Core.Analytics;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Analytics;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Analytics;

/// <summary>
/// Planners' analytics over the catalog's datasets, computed in PostGIS: <c>/api/analytics/zones</c> (counts,
/// densities, sums per zone), <c>/api/analytics/proximity</c> (nearest feature and count within a radius),
/// <c>/api/analytics/grid</c> (counts per HK1980 grid cell) and the grid as vector tiles at
/// <c>/tiles/@grid/{dataset}/{cell}/{z}/{x}/{y}</c>. Datasets may be pinned to a version as <c>id@version</c>.
/// </summary>
public static class AnalyticsEndpoints
{
    public const string GridTilePrefix = "/tiles/@grid";

    public static IEndpointRouteBuilder MapAnalytics(this IEndpointRouteBuilder app)
    {
        // Each analysis may read whole datasets: every request takes from the client's expensive-read budget. Grid tiles
        // do not (a map view asks for dozens; each is bounded by the cells it shows and cached per version).
        var api = app.MapGroup("/api/analytics").WithTags("Analytics").AddEndpointFilter(AnalyticsProblems.FilterAsync)
            .RequireExpensiveReadBudget()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/zones", ZonesAsync).WithSummary("Count, count per km², sums and averages of a dataset's features per zone of a polygon dataset")
            .WithDescription("dataset=ID[@version]; zones=ID[@version] (polygons); name=FIELD of the zones (default: guessed); "
                + "fields=F1,F2 numeric fields to sum and average (default: all but coordinates); f=json|csv|geojson.");
        api.MapGet("/proximity", ProximityAsync).WithSummary("For each feature of one dataset, the nearest feature of another and its distance in metres")
            .WithDescription($"from=ID[@version]; to=ID[@version]; radius=metres (0 < radius <= {AnalyticsLimits.MaxRadiusMetres:0}, optional): "
                + "count of 'to' features within it and the share of 'from' covered; f=json|csv|geojson.");
        api.MapGet("/grid", GridAsync).WithSummary("Feature counts per square cell of the HK1980 Grid (EPSG:2326)")
            .WithDescription($"dataset=ID[@version]; cell={string.Join("|", AnalyticsLimits.CellSizes)} metres; f=json|csv.");
        app.MapGet(GridTilePrefix + "/{dataset}/{cell}/{z}/{x}/{y}", GridTileAsync).WithTags("Analytics", "Tiles")
            .AddEndpointFilter(AnalyticsProblems.FilterAsync)
            .WithSummary("The density grid as a Mapbox Vector Tile (layer '@grid': count, i, j, cell_m per cell)")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.mapbox-vector-tile").Produces(StatusCodes.Status204NoContent);
        return app;
    }

    private static async Task<IResult> ZonesAsync(
        HttpContext context, AnalyticsService analytics, string? dataset, string? zones, string? name, string? fields, string? f,
        CancellationToken cancellationToken)
    {
        AnalyticsQuery.Only(context.Request, "dataset", "zones", "name", "fields", "f");
        var format = AnalyticsQuery.Format(f, "json", "csv", "geojson");
        var features = await analytics.DatasetAsync("dataset", dataset, cancellationToken);
        var areas = await analytics.DatasetAsync("zones", zones, cancellationToken);
        var result = await analytics.ZonesAsync(features, areas, name, fields, format == "geojson", cancellationToken);
        Pin(context, dataset, zones);
        return format switch
        {
            "csv" => AnalyticsWriters.Csv(context, $"{features.Id}-by-{areas.Id}.csv", AnalyticsWriters.ZonesCsv(result)),
            "geojson" => AnalyticsWriters.GeoJson(AnalyticsWriters.ZonesGeoJson(result)),
            _ => TypedResults.Json(AnalyticsWriters.ZonesJson(result)),
        };
    }

    private static async Task<IResult> ProximityAsync(
        HttpContext context, AnalyticsService analytics, string? from, string? to, string? radius, string? f, CancellationToken cancellationToken)
    {
        AnalyticsQuery.Only(context.Request, "from", "to", "radius", "f");
        var format = AnalyticsQuery.Format(f, "json", "csv", "geojson");
        double? radiusM = radius is null ? null : AnalyticsLimits.Radius("radius", radius);
        var a = await analytics.DatasetAsync("from", from, cancellationToken);
        var b = await analytics.DatasetAsync("to", to, cancellationToken);
        var result = await analytics.ProximityAsync(a, b, radiusM, format == "geojson", cancellationToken);
        Pin(context, from, to);
        return format switch
        {
            "csv" => AnalyticsWriters.Csv(context, $"{a.Id}-near-{b.Id}.csv", AnalyticsWriters.ProximityCsv(result)),
            "geojson" => AnalyticsWriters.GeoJson(AnalyticsWriters.ProximityGeoJson(result)),
            _ => TypedResults.Json(AnalyticsWriters.ProximityJson(result)),
        };
    }

    private static async Task<IResult> GridAsync(
        HttpContext context, AnalyticsService analytics, string? dataset, string? cell, string? f, CancellationToken cancellationToken)
    {
        AnalyticsQuery.Only(context.Request, "dataset", "cell", "f");
        var format = AnalyticsQuery.Format(f, "json", "csv");
        var cellSize = AnalyticsLimits.CellSize("cell", cell);
        var features = await analytics.DatasetAsync("dataset", dataset, cancellationToken);
        var result = await analytics.GridAsync(features, cellSize, cancellationToken);
        Pin(context, dataset);
        return format == "csv"
            ? AnalyticsWriters.Csv(context, $"{features.Id}-grid-{cellSize}m.csv", AnalyticsWriters.GridCsv(result))
            : TypedResults.Json(AnalyticsWriters.GridJson(result, $"{GridTilePrefix}/{features.Id}@{features.Version}/{cellSize}/{{z}}/{{x}}/{{y}}"));
    }

    private static async Task<IResult> GridTileAsync(
        HttpContext context, AnalyticsService analytics, string dataset, string cell, string z, string x, string y, CancellationToken cancellationToken)
    {
        AnalyticsQuery.Only(context.Request);
        var cellSize = AnalyticsLimits.CellSize("cell", cell);
        var tile = TileCoord.Parse(z, x, y);
        var features = await analytics.DatasetAsync("dataset", dataset, cancellationToken);
        var bytes = await analytics.GridTileAsync(features, cellSize, tile, cancellationToken);
        Pin(context, dataset);
        return bytes.Length == 0 ? TypedResults.NoContent() : TypedResults.Bytes(bytes, "application/vnd.mapbox-vector-tile");
    }

    /// <summary>An answer for datasets pinned to their versions never changes: browsers and proxies may keep it.</summary>
    private static void Pin(HttpContext context, params string?[] selectors) =>
        context.Response.Headers.CacheControl = selectors.All(s => s?.Contains('@', StringComparison.Ordinal) == true)
            ? "public, max-age=86400, immutable"
            : "no-cache";
}

/// <summary>Maps the analytics errors to RFC 7807 problem details that name the parameter at fault.</summary>
internal static class AnalyticsProblems
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AnalyticsParameterException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid analytics parameter", e.Message, e.Parameter);
        }
        catch (AnalyticsNotFoundException e)
        {
            return Problem(StatusCodes.Status404NotFound, "Dataset not found", e.Message, e.Parameter);
        }
        catch (AnalyticsTimeoutException e)
        {
            context.HttpContext.Response.Headers.RetryAfter = "30";
            return Problem(StatusCodes.Status503ServiceUnavailable, "Analysis timed out", e.Message, null);
        }
    }

    private static IResult Problem(int status, string title, string detail, string? parameter) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Extensions = parameter is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["parameter"] = parameter },
        });
}

/// <summary>Query checks shared by the analytics endpoints.</summary>
internal static class AnalyticsQuery
{
    /// <summary>Refuses parameters the endpoint does not know and parameters given twice: a typo must not be ignored.</summary>
    public static void Only(HttpRequest request, params string[] known)
    {
        foreach (var (name, values) in request.Query)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new AnalyticsParameterException(name, $"Unknown parameter '{DatasetSelector.Shorten(name)}'; this endpoint takes {(known.Length == 0 ? "none" : string.Join(", ", known))}.");
            }
            if (values.Count > 1)
            {
                throw new AnalyticsParameterException(name, $"{name} is given {values.Count} times; give it once.");
            }
        }
    }

    public static string Format(string? f, params string[] formats) =>
        f is null ? formats[0]
        : formats.Contains(f, StringComparer.Ordinal) ? f
        : throw new AnalyticsParameterException("f", $"f must be {string.Join(", ", formats)}, not '{DatasetSelector.Shorten(f)}'.");
}
