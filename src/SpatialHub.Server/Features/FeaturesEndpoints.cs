using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Features;
using SpatialHub.Server.Catalog;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.OpenApi;

namespace SpatialHub.Server.Features;

/// <summary>
/// OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0): the landing page (JSON, or the map page for browsers),
/// <c>/conformance</c>, <c>/collections</c>, <c>/collections/{id}</c>, <c>/collections/{id}/items</c> (bbox, limit,
/// offset, plus <c>within=dataset:featureId</c> and CSV export) and <c>/collections/{id}/items/{featureId}</c>.
/// Every dataset in the catalog is a collection.
/// </summary>
public static class FeaturesEndpoints
{
    public static IEndpointRouteBuilder MapFeatures(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Landing).WithTags("Features").WithSummary("Landing page: JSON for API clients (f=json or Accept), the map page otherwise")
            .Produces<LandingPage>(contentType: OgcApi.Json).Produces(StatusCodes.Status200OK, contentType: OgcApi.Html);
        app.MapGet("/conformance", Conformance).WithTags("Features").WithSummary("OGC API conformance classes");
        var collections = app.MapGroup("/collections").WithTags("Features");
        collections.MapGet("/", CollectionsAsync).WithSummary("Every dataset as an OGC API collection");
        collections.MapGet("/{collectionId}", CollectionAsync).WithSummary("One collection: extent (CRS84), item type, links");
        collections.MapGet("/{collectionId}/items", ItemsAsync)
            .WithSummary("Features, paged by feature_id (GeoJSON), or exported as CSV, GeoPackage, zipped Shapefile or KML")
            .WithDescription("Query parameters other than those listed and the collection's queryables (name=value) are refused with 400.")
            .WithQueryParameters(ItemsParameters.Documented)
            .Produces(StatusCodes.Status200OK, contentType: OgcApi.GeoJson, additionalContentTypes: [OgcApi.Csv, .. Exports.FeatureExport.ContentTypes])
            .RequireExpensiveReadBudget(context => ItemsParameters.IsExpensive(context.Request.Query));
        collections.MapGet("/{collectionId}/queryables", QueryablesAsync)
            .WithSummary("The properties filter and name=value parameters can use, as JSON Schema (OGC API – Features Part 3)")
            .Produces(StatusCodes.Status200OK, contentType: Queryables.MediaType);
        collections.MapGet("/{collectionId}/items/{featureId}", FeatureAsync).WithSummary("One feature (GeoJSON), in crs (CRS84 by default)")
            .WithQueryParameters(ItemsParameters.FeatureDocumented)
            .Produces(StatusCodes.Status200OK, contentType: OgcApi.GeoJson);
        return app;
    }

    private static async Task<IResult> Landing(HttpRequest request, MapClient.SharePreview mapPage, CancellationToken cancellationToken, string? f = null)
    {
        request.HttpContext.Response.Headers.Vary = HeaderNames.Accept;
        if (LandingNegotiation.WantsJson(request, f))
        {
            var baseUrl = request.BaseUrl();
            return TypedResults.Json(new LandingPage(
                "SpatialHub",
                "Hong Kong geospatial datasets as OGC API – Features collections and vector tiles.",
                [
                    new Link("self", $"{baseUrl}/?f=json", OgcApi.Json, "This document"),
                    new Link("alternate", $"{baseUrl}/", OgcApi.Html, "The map"),
                    new Link("service-desc", $"{baseUrl}/openapi/v1.json", OgcApi.OpenApi30, "The API definition (OpenAPI 3.0)"),
                    new Link("conformance", $"{baseUrl}/conformance", OgcApi.Json, "Conformance classes"),
                    new Link("data", $"{baseUrl}/collections", OgcApi.Json, "Collections"),
                ]), contentType: OgcApi.Json);
        }
        var page = await mapPage.PageAsync(request, cancellationToken) ?? throw new MapPageMissingException();
        return TypedResults.Content(page, "text/html; charset=utf-8");
    }

    private static IResult Conformance(string? f = null)
    {
        RequireJson(f);
        return TypedResults.Json(new ConformanceDeclaration(OgcApi.ConformanceClasses));
    }

    private static async Task<IResult> CollectionsAsync(CatalogRepository catalog, TemporalExtents times, FeatureQuery features,
        HttpRequest request, CancellationToken cancellationToken, string? f = null)
    {
        RequireJson(f);
        var baseUrl = request.BaseUrl();
        var datasets = await catalog.ListAsync(cancellationToken);
        var collections = new List<CollectionResource>(datasets.Count);
        foreach (var dataset in datasets)
        {
            collections.Add(CollectionResource.From(dataset, baseUrl, await times.OfAsync(dataset, features, cancellationToken)));
        }
        return TypedResults.Json(new CollectionsDocument([new Link("self", $"{baseUrl}/collections", OgcApi.Json, "Collections")], collections));
    }

    private static async Task<IResult> CollectionAsync(DatasetId collectionId, CatalogRepository catalog, TemporalExtents times, FeatureQuery features,
        HttpRequest request, CancellationToken cancellationToken, string? f = null)
    {
        RequireJson(f);
        var dataset = await catalog.GetAsync(collectionId, cancellationToken);
        return TypedResults.Json(CollectionResource.From(dataset, request.BaseUrl(), await times.OfAsync(dataset, features, cancellationToken)));
    }

    private static async Task<IResult> QueryablesAsync(DatasetId collectionId, CatalogRepository catalog, HttpRequest request, CancellationToken cancellationToken, string? f = null)
    {
        RequireJson(f);
        var dataset = await catalog.GetAsync(collectionId, cancellationToken);
        return TypedResults.Text(Queryables.Document(dataset, request.BaseUrl()).ToJsonString(), Queryables.MediaType);
    }

    private static async Task ItemsAsync(DatasetId collectionId, CatalogRepository catalog, FeatureQuery features, WithinResolver areas,
        IOptions<FeaturesOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(collectionId, cancellationToken);
        var parameters = ItemsParameters.Parse(context.Request.Query, dataset, FilterParameters.TimeField(dataset, options.Value));
        var filter = parameters.Filter(parameters.Within is { } within ? await areas.ResolveAsync(within, cancellationToken) : null);
        var response = context.Response;
        if (Exports.FeatureExport.IsFile(parameters.Format))
        {
            await Exports.FeatureExport.WriteAsync(context, dataset, parameters, filter, features);
            return;
        }
        if (parameters.Format == ItemsFormat.Csv)
        {
            if (parameters.CrsUri != OgcCrs.Crs84)
            {
                throw ItemsParameters.Invalid("Invalid crs", "CSV always has WGS84 longitude and latitude columns; crs applies to GeoJSON (f=json).");
            }
            response.ContentType = "text/csv; charset=utf-8; header=present";
            response.Headers.ContentDisposition = Attachment($"{dataset.Id}.csv");
            await using var rows = await StartedRows<FlatFeatureRow>.StartAsync(
                features.FlatAsync(dataset, filter, dataset.Fields.Select(field => field.Name).ToList(), parameters.Limit, parameters.Offset, cancellationToken),
                cancellationToken);
            await using var csv = CompressedBody.Start(context);
            await CsvWriter.WriteAsync(csv ?? response.Body, dataset.Fields, rows, cancellationToken);
            return;
        }

        var matched = await features.CountAsync(dataset, filter, cancellationToken);
        response.ContentType = OgcApi.GeoJson;
        response.Headers[OgcApi.ContentCrs] = $"<{parameters.CrsUri}>";
        if (parameters.Download)
        {
            response.Headers.ContentDisposition = Attachment($"{dataset.Id}.geojson");
        }
        var request = context.Request;
        var path = $"{request.BaseUrl()}{request.Path.ToUriComponent()}";
        var info = new GeoJsonWriter.PageInfo(matched, DateTimeOffset.UtcNow,
            [
                new Link("self", path + request.QueryString.ToUriComponent(), OgcApi.GeoJson, "This page"),
                new Link("alternate", PageLinks.With(request, path, ("f", "csv")), OgcApi.Csv, "This selection as CSV"),
                new Link("collection", $"{request.BaseUrl()}/collections/{dataset.Id}", OgcApi.Json, dataset.Title),
            ],
            returned => PageLinks.Paging(request, path, parameters.PageSize, parameters.Offset, returned, matched));
        await using var json = CompressedBody.Start(context);
        await GeoJsonWriter.WriteCollectionAsync(json ?? response.Body,
            features.PageAsync(dataset, filter, parameters.PageSize, parameters.Offset, parameters.Crs, cancellationToken), info, cancellationToken);
    }

    private static async Task FeatureAsync(DatasetId collectionId, string featureId, CatalogRepository catalog, FeatureQuery features, HttpContext context, CancellationToken cancellationToken)
    {
        var (crsUri, crs) = ItemsParameters.ParseFeature(context.Request.Query);
        var dataset = await catalog.GetAsync(collectionId, cancellationToken);
        var id = ParseFeatureId(featureId);
        var feature = await features.FindAsync(dataset, id, crs, cancellationToken) ?? throw new FeatureNotFoundException(dataset.Id, id);
        var collection = $"{context.Request.BaseUrl()}/collections/{dataset.Id}";
        context.Response.ContentType = OgcApi.GeoJson;
        context.Response.Headers[OgcApi.ContentCrs] = $"<{crsUri}>";
        await GeoJsonWriter.WriteFeatureAsync(context.Response.Body, feature,
            [
                new Link("self", $"{collection}/items/{id}", OgcApi.GeoJson, "This feature"),
                new Link("collection", collection, OgcApi.Json, dataset.Title),
            ], cancellationToken);
    }

    /// <summary>Feature ids are the positive integers the importer assigned.</summary>
    internal static long ParseFeatureId(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw ItemsParameters.Invalid("Invalid feature id", $"Feature id '{ItemsParameters.Truncate(text)}' is not a positive whole number.");

    /// <summary>The metadata documents only come as JSON.</summary>
    private static void RequireJson(string? f)
    {
        if (f is not (null or "json"))
        {
            throw ItemsParameters.Invalid("Invalid f", $"f must be json, not '{ItemsParameters.Truncate(f)}'.");
        }
    }

    private static string Attachment(string fileName) =>
        new ContentDispositionHeaderValue("attachment") { FileName = fileName }.ToString();
}

/// <summary>The web root has no index.html (the map client is not deployed): <c>GET /</c> for a browser is a 404.</summary>
public sealed class MapPageMissingException()
    : Exception("The map page (index.html) is not installed in the web root; ask for the landing page as JSON with ?f=json.");
