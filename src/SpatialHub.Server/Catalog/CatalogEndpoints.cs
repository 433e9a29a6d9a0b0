using Microsoft.AspNetCore.Http.HttpResults;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Quality;
using SpatialHub.Server.Sources;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.Catalog;

/// <summary>The dataset catalog: <c>/catalog</c> for tile clients, <c>/api/datasets</c> for the API.</summary>
public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/catalog", CatalogAsync).WithTags("Catalog").WithSummary("Every dataset with its links (TileJSON, features)");
        var datasets = app.MapGroup("/api/datasets").WithTags("Catalog");
        datasets.MapGet("/", ListAsync).WithSummary("List datasets");
        datasets.MapGet("/{id}", GetAsync).WithSummary("One dataset, with its fields and their types");
        datasets.MapDelete("/{id}", DeleteAsync).RequireWriteAccess().WithSummary("Delete a dataset (API key required)");
        return app;
    }

    private static async Task<Ok<CatalogResource>> CatalogAsync(
        CatalogListCache catalog, TilesOptions tiles, SourceStatus sources, QualitySummaryCache qualityLines, HttpRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = request.BaseUrl();
        var datasets = await catalog.ListAsync(cancellationToken);
        var quality = await qualityLines.ForAsync(datasets, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = tiles.MetadataCacheControl;
        return TypedResults.Ok(new CatalogResource(
            datasets.Select(d => DatasetResource.From(d, baseUrl) with { Quality = quality.GetValueOrDefault(d.Id) }).ToList()) { Sources = sources.Current });
    }

    private static async Task<Ok<List<DatasetResource>>> ListAsync(CatalogRepository catalog, HttpRequest request, CancellationToken cancellationToken)
    {
        var baseUrl = request.BaseUrl();
        return TypedResults.Ok((await catalog.ListAsync(cancellationToken)).Select(d => DatasetResource.From(d, baseUrl)).ToList());
    }

    private static async Task<Ok<DatasetResource>> GetAsync(string id, CatalogRepository catalog, HttpRequest request, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(DatasetId.Validate(id), cancellationToken);
        return TypedResults.Ok(DatasetResource.From(dataset, request.BaseUrl()));
    }

    private static async Task<NoContent> DeleteAsync(string id, CatalogRepository catalog, CatalogVersionWatcher watcher, CancellationToken cancellationToken)
    {
        if (!await catalog.DeleteAsync(DatasetId.Validate(id), cancellationToken))
        {
            throw new DatasetNotFoundException(id);
        }
        watcher.Announce(id, CatalogNotifications.Deleted);
        return TypedResults.NoContent();
    }
}

/// <summary>The <c>/catalog</c> document.</summary>
public sealed record CatalogResource(IReadOnlyList<DatasetResource> Datasets)
{
    /// <summary>The refreshed sources (<c>SpatialHub:Sources:Refresh</c>) and whether each is stale; absent when none is configured.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SourceStatusEntry>? Sources { get; init; }
}
