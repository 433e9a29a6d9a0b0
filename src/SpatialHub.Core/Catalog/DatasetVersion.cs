namespace SpatialHub.Core.Catalog;

/// <summary>One import of a dataset, as the version history records it.</summary>
/// <param name="ImportedBy">"cli:&lt;os user&gt;", "api", "samples", or a publisher's name; free text, may be null.</param>
/// <param name="KeyField">The attribute the import named to match features across versions, if any.</param>
/// <param name="Retained">Whether its features are still kept (older versions beyond the retention are dropped).</param>
/// <param name="Bytes">Disk used by its feature table and indexes; null when not retained.</param>
public sealed record DatasetVersion(
    string DatasetId,
    long Version,
    long FeatureCount,
    string GeometryType,
    DateTimeOffset ImportedAt,
    string? SourceFile,
    string? ImportedBy,
    string? KeyField,
    bool Retained,
    long? Bytes,
    IReadOnlyList<DatasetField> Fields)
{
    public string FeatureTable => Dataset.FeatureTableName(Version);
}

/// <summary>How many versions of each dataset keep their features: the current one and those before it.</summary>
public static class VersionRetention
{
    public const int DefaultKeep = 5;
    public const int MaxKeep = 100;

    public static bool IsValid(int keep) => keep is >= 1 and <= MaxKeep;
}
