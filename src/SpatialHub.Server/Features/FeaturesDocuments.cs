using System.Text.Json.Serialization;
using SpatialHub.Core.Catalog;
using SpatialHub.Server.Catalog;

namespace SpatialHub.Server.Features;

/// <summary>Media types and URIs that OGC API – Features Part 1 clients (QGIS, GDAL, OpenLayers) look for.</summary>
public static class OgcApi
{
    public const string GeoJson = "application/geo+json";
    public const string Json = "application/json";
    public const string Html = "text/html";
    public const string Csv = "text/csv";

    /// <summary>QGIS finds the API definition only through a service-desc link of exactly this type.</summary>
    public const string OpenApi30 = "application/vnd.oai.openapi+json;version=3.0";

    public const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>OGC API – Features Part 2: the CRS of the coordinates in a response, as <c>&lt;uri&gt;</c>.</summary>
    public const string ContentCrs = "Content-Crs";

    /// <summary>As the final standards name them (Features Part 1 1.0, Part 2 1.0, Part 3 1.0.0, CQL2 1.0.0, Tiles
    /// 1.0.0; checked against their conformance clauses in a test). Only classes whose requirements are met.</summary>
    public static readonly IReadOnlyList<string> ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
        .. OgcTiles.OgcTilesDocuments.ConformanceClasses,
    ];
}

/// <summary><c>GET /</c> as JSON: what the service is and where its parts are.</summary>
public sealed record LandingPage(string Title, string Description, IReadOnlyList<Link> Links);

/// <summary><c>GET /conformance</c>.</summary>
public sealed record ConformanceDeclaration(IReadOnlyList<string> ConformsTo);

/// <summary><c>GET /collections</c>.</summary>
public sealed record CollectionsDocument(IReadOnlyList<Link> Links, IReadOnlyList<CollectionResource> Collections);

/// <summary>One dataset as an OGC API collection (<c>GET /collections/{id}</c>).</summary>
/// <param name="Crs">Part 2: every CRS items and features can be asked for (<c>crs=</c>) and a bbox given in.</param>
/// <param name="StorageCrs">Part 2: the CRS of the source's coordinates (see <see cref="OgcCrs.Storage"/>).</param>
/// <param name="ItemCount">Not in Part 1, but QGIS reads it to show the feature count without counting.</param>
public sealed record CollectionResource(
    string Id,
    string Title,
    string Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Attribution,
    string ItemType,
    IReadOnlyList<string> Crs,
    string StorageCrs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CollectionExtent? Extent,
    long ItemCount,
    string GeometryType,
    IReadOnlyList<Link> Links,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Keywords = null)
{
    public static CollectionResource From(Dataset dataset, string baseUrl, TemporalExtent? temporal)
    {
        SpatialExtent? spatial = dataset.Bbox is { Count: 4 } bbox ? new SpatialExtent([bbox], OgcApi.Crs84) : null;
        var collection = $"{baseUrl}/collections/{dataset.Id}";
        return new CollectionResource(
            dataset.Id,
            dataset.Title,
            dataset.Metadata?.Description ?? $"{dataset.Title}: {dataset.FeatureCount} {dataset.GeometryType} features.",
            dataset.Attribution,
            "feature",
            OgcCrs.Supported,
            OgcCrs.Storage(dataset.SourceSrid),
            spatial is null && temporal is null ? null : new CollectionExtent(spatial, temporal),
            dataset.FeatureCount,
            dataset.GeometryType,
            [
                new Link("self", collection, OgcApi.Json, dataset.Title),
                new Link("items", $"{collection}/items", OgcApi.GeoJson, "Features (GeoJSON, paged)"),
                new Link("enclosure", $"{collection}/items?f=csv&download=true", OgcApi.Csv, "Every feature as CSV"),
                new Link("http://www.opengis.net/def/rel/ogc/1.0/queryables", $"{collection}/queryables", Features.Queryables.MediaType, "Queryables"),
                new Link("tilejson", $"{baseUrl}/tiles/{dataset.Id}", OgcApi.Json, "TileJSON 3.0.0"),
                .. Publishing.LicenceLinks.For(dataset.Metadata),
            ],
            dataset.Metadata?.Keywords);
    }
}

/// <summary>The extent of a collection; <c>bbox</c> is an array of boxes, the first one covering everything.</summary>
public sealed record CollectionExtent(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SpatialExtent? Spatial,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TemporalExtent? Temporal);

/// <summary>Boxes as [minLon, minLat, maxLon, maxLat] in <see cref="Crs"/>.</summary>
public sealed record SpatialExtent(IReadOnlyList<IReadOnlyList<double>> Bbox, string Crs);
