namespace SpatialHub.Core.Import;

/// <summary>An import that was refused: nothing was written and the dataset keeps its previous version.</summary>
/// <param name="Issues">The first issues found (at most <see cref="MaxListedIssues"/>).</param>
/// <param name="TotalIssues">How many issues there were in all.</param>
public sealed class ImportFailedException(string fileName, IReadOnlyList<ImportIssue> issues, long totalIssues, string? summary = null)
    : Exception(summary ?? $"{fileName}: {totalIssues} problem(s); nothing was imported. First: {issues.FirstOrDefault()}")
{
    public const int MaxListedIssues = 20;

    public string FileName { get; } = fileName;
    public IReadOnlyList<ImportIssue> Issues { get; } = issues;
    public long TotalIssues { get; } = totalIssues;
}
