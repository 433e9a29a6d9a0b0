using SpatialHub.PostGis;
using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Quality;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Quality;
using SpatialHub.Server.Analytics;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Quality;

/// <summary><c>GET /api/datasets/{id}/quality</c>: the data-quality report of the dataset's current version, as JSON
/// or (f=csv, or Accept: text/csv) the flagged features as CSV.</summary>
public static class QualityEndpoints
{
    /// <summary>The quality options (<c>SpatialHub:Quality</c>), bound once and checked at start; serve and the CLI both call this.</summary>
    public static IServiceCollection AddQuality(this IServiceCollection services)
    {
        services.AddOptions<QualityOptions>().BindConfiguration(QualityOptions.Section)
            .Validate(o => o.Problem() is null, "SpatialHub:Quality is invalid: tolerances must be positive, ZoneMatchShare 0.5–1, MaxListed 1–100000.")
            .ValidateOnStart();
        return services;
    }

    public static IEndpointRouteBuilder MapQuality(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/datasets/{id}/quality", GetAsync)
            .WithTags("Catalog")
            .WithSummary("The data-quality report of the dataset's current version (JSON; f=csv for the flagged features)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    private static async Task<IResult> GetAsync(
        string id, string? f, HttpContext context, DatabaseHost database, CatalogRepository catalog, CancellationToken cancellationToken)
    {
        DatasetId.Validate(id);
        var format = f switch
        {
            null => AcceptsCsv(context.Request) ? "csv" : "json",
            "json" or "csv" => f,
            _ => throw new RequestValidationException("Invalid f", $"f must be json or csv, not '{(f.Length > 40 ? f[..40] + "…" : f)}'."),
        };
        var dataset = await catalog.GetAsync(id, cancellationToken);
        var store = new QualityStore(database.Reads);
        context.Response.Headers.Vary = HeaderNames.Accept;
        if (format == "csv")
        {
            return await store.FindAsync(id, cancellationToken) is { } report
                ? AnalyticsWriters.Csv(context, $"{id}-v{dataset.Version}-quality.csv", Csv(report))
                : NoReport(id);
        }
        return await store.FindJsonAsync(id, cancellationToken) is { } json
            ? TypedResults.Text(json, "application/json; charset=utf-8")
            : NoReport(id);
    }

    private static bool AcceptsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept is { Count: > 0 } accept
        && accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        && !accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    private static IResult NoReport(string id) => TypedResults.Problem(
        $"Dataset '{id}' has no quality report: its current version was imported with SpatialHub:Quality:Enabled false, or before the checks existed.",
        statusCode: StatusCodes.Status404NotFound, title: "Quality report not found");

    /// <summary>One row per flagged feature: the list a publisher sends back to the department.</summary>
    internal static string Csv(QualityReport report)
    {
        var csv = new CsvText();
        csv.Row(["dataset", "version", "check", "feature_id", "line", "longitude", "latitude", "reason"]);
        foreach (var flagged in report.Flagged)
        {
            csv.Row([report.DatasetId, Number(report.Version), flagged.Check, Number(flagged.FeatureId), flagged.Line is { } line ? Number(line) : null,
                flagged.Longitude.ToString("0.#######", CultureInfo.InvariantCulture), flagged.Latitude.ToString("0.#######", CultureInfo.InvariantCulture),
                flagged.Reason]);
        }
        return csv.ToString();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
