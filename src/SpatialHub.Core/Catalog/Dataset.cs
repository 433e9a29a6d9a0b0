namespace SpatialHub.Core.Catalog;

/// <summary>One dataset in the catalog, as of its current version.</summary>
/// <param name="Version">Changes on every successful import; tile caches key on it.</param>
/// <param name="Bbox">WGS84 bounds (min lon, min lat, max lon, max lat), or null when empty.</param>
/// <param name="Published">False: absent from every read without a key (issue 22).</param>
public sealed record Dataset(
    string Id,
    string Title,
    string? Attribution,
    string? SourceFile,
    int? SourceSrid,
    string GeometryType,
    long Version,
    long FeatureCount,
    IReadOnlyList<double>? Bbox,
    IReadOnlyList<DatasetField> Fields,
    DateTimeOffset ImportedAt,
    bool Published = true,
    SpatialHub.Core.Publishing.DatasetMetadata? Metadata = null)
{
    /// <summary>The table holding this version's features. Built from the version number only, never from user input.</summary>
    public string FeatureTable => FeatureTableName(Version);

    public static string FeatureTableName(long version) => $"spatialhub.features_v{version}";

    /// <summary>Whether this version's clusters were aggregated at import (point datasets imported since it existed).</summary>
    public bool HasClusterPyramid { get; init; }

    /// <summary>The field whose values that pyramid counts per cell (the category field configured at import), or null.</summary>
    public string? ClusterCategory { get; init; }
}

/// <summary>An attribute of a dataset's features and its inferred type (text, integer, real, boolean, date).</summary>
public sealed record DatasetField(string Name, string Type);

/// <summary>The dataset asked for is not in the catalog.</summary>
public sealed class DatasetNotFoundException(string id) : Exception($"Dataset '{id}' does not exist.")
{
    public string Id { get; } = id;
}

/// <summary>The dataset has no feature with this id: asked for directly, or named as a <c>within=</c> area.</summary>
public sealed class FeatureNotFoundException(string datasetId, long featureId)
    : Exception($"Dataset '{datasetId}' has no feature {featureId}.");
