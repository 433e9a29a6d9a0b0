using System.Text.Json.Serialization;
using SpatialHub.Core.Catalog;

namespace SpatialHub.Server.Catalog;

/// <summary>A dataset as the API shows it.</summary>
public sealed record DatasetResource(
    string Id,
    string Title,
    string GeometryType,
    long FeatureCount,
    IReadOnlyList<double>? Bbox,
    string Version,
    DateTimeOffset ImportedAt,
    string? Attribution,
    string? SourceFile,
    string? SourceCrs,
    IReadOnlyList<DatasetField> Fields,
    IReadOnlyList<Link> Links,
    bool Published = true,
    SpatialHub.Core.Publishing.DatasetMetadata Metadata = null!,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DiskBytes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Changes.VersionResource>? Versions = null)
{
    /// <summary>The data-quality line of this version (issue 19), e.g. "1 of 306 rows: WGS84 and HK1980 disagree by 37 m"; null when unchecked.</summary>
    public string? Quality { get; init; }

    /// <summary>With the version history and disk use (<c>/catalog</c> and one dataset's detail).</summary>
    public static DatasetResource From(Dataset dataset, string baseUrl, IEnumerable<DatasetVersion> versions) =>
        From(dataset, baseUrl) with { DiskBytes = Changes.VersionResource.DiskUse(versions), Versions = Changes.VersionResource.From(versions) };

    public static DatasetResource From(Dataset dataset, string baseUrl) => new(
        dataset.Id,
        dataset.Title,
        dataset.GeometryType,
        dataset.FeatureCount,
        dataset.Bbox,
        dataset.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        dataset.ImportedAt,
        dataset.Attribution,
        dataset.SourceFile,
        dataset.SourceSrid is { } srid ? $"EPSG:{srid}" : null,
        dataset.Fields,
        [
            new Link("self", $"{baseUrl}/api/datasets/{dataset.Id}", "application/json", dataset.Title),
            new Link("tilejson", $"{baseUrl}/tiles/{dataset.Id}", "application/json", "TileJSON 3.0.0"),
            new Link("items", $"{baseUrl}/collections/{dataset.Id}/items", "application/geo+json", "Features (OGC API)"),
            new Link("quality", $"{baseUrl}/api/datasets/{dataset.Id}/quality", "application/json", "Data-quality report"),
            .. Publishing.LicenceLinks.For(dataset.Metadata),
        ],
        dataset.Published,
        // Always an object (its members null when unset): a nullable reference property becomes an OpenAPI 3.0
        // oneOf with a bare "nullable", which the document's lint refuses.
        dataset.Metadata ?? new());
}

/// <summary>A hypermedia link, in the shape OGC API and TileJSON clients know.</summary>
public sealed record Link(string Rel, string Href, string Type, string? Title = null);
