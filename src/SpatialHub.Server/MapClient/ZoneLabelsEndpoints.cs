using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Search;
using SpatialHub.Server.Tiles;

namespace SpatialHub.Server.MapClient;

/// <summary><c>GET /api/zones/{dataset}/labels</c>: each feature's names, one label point inside it and its extent,
/// without geometry. The map pages fill their district list from it and put one basemap label per district there
/// (a label in the vector tiles repeats in every tile the polygon touches).</summary>
public static class ZoneLabelsEndpoints
{
    public static IEndpointRouteBuilder MapZoneLabels(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/zones/{dataset}/labels", LabelsAsync).WithTags("Map client")
            .WithSummary("Names, a label point inside each feature and its bounds (WGS84), without geometry")
            .WithDescription($"At most {ZoneLabelsQuery.MaxZones} features, in id order. Names: the dataset's name and identifier fields.")
            .Produces<ZoneLabelsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<ZoneLabelsResponse> LabelsAsync(
        string dataset, HttpContext context, CatalogRepository catalog, ZoneLabelsQuery query, TilesOptions options, CancellationToken cancellationToken)
    {
        var found = await catalog.GetAsync(DatasetId.Validate(dataset), cancellationToken);
        var zones = await query.LabelsAsync(found, cancellationToken);
        // Short, like TileJSON: a re-import must show soon.
        context.Response.Headers.CacheControl = options.MetadataCacheControl;
        return new ZoneLabelsResponse(found.Id, found.Version, zones.Count >= ZoneLabelsQuery.MaxZones,
            zones.Select(z => new ZoneLabelFeature(z.Id, z.Names, z.Label, z.Bbox)).ToList());
    }
}

/// <summary>The answer: <c>truncated</c> when the dataset has more features than are listed.</summary>
public sealed record ZoneLabelsResponse(string Dataset, long Version, bool Truncated, IReadOnlyList<ZoneLabelFeature> Features);

/// <summary>One feature: <c>properties</c> holds its names; <c>label</c> is [lon, lat]; <c>bbox</c> [minLon, minLat, maxLon, maxLat].</summary>
public sealed record ZoneLabelFeature(long Id, IReadOnlyDictionary<string, string> Properties, IReadOnlyList<double> Label, IReadOnlyList<double> Bbox);
