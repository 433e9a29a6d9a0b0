using SpatialHub.Core.Import;
using SpatialHub.Core.Quality;

namespace SpatialHub.PostGis.Import;

/// <summary>What to import and under which dataset id.</summary>
/// <param name="FileName">Shown in every issue and stored in the catalog.</param>
/// <param name="Quality">The data-quality checks to run; null runs them with the default options.</param>
public sealed record ImportRequest(
    string DatasetId,
    string Title,
    string FileName,
    string? Attribution = null,
    RowErrorPolicy OnError = RowErrorPolicy.Fail,
    QualityRequest? Quality = null);

/// <summary>What to do with a row that fails validation.</summary>
public enum RowErrorPolicy
{
    /// <summary>Import nothing; the dataset keeps its previous version.</summary>
    Fail,

    /// <summary>Import the valid rows and report the skipped ones.</summary>
    Skip,
}

/// <summary>How far an import has got; reported every few thousand rows.</summary>
public sealed record ImportProgress(long RowsRead, long Imported, long Skipped, TimeSpan Elapsed);

/// <summary>The outcome of a successful import.</summary>
public sealed record ImportReport(
    string DatasetId,
    long Version,
    long RowsRead,
    long Imported,
    long Skipped,
    IReadOnlyList<ImportIssue> Issues,
    IReadOnlyList<ImportIssue> Repaired,
    int? SourceSrid,
    string GeometryType,
    TimeSpan Elapsed)
{
    /// <summary>How long the cluster pyramid took to build, inside <see cref="Elapsed"/>; null when the dataset has none (not points).</summary>
    public TimeSpan? ClusterPyramidTime { get; init; }

    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsRead / Elapsed.TotalSeconds : 0;
}
