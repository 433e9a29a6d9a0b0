using SpatialHub.Core.Import;

namespace SpatialHub.PostGis.Import;

/// <summary>Keeps the first issues of an import and counts them all.</summary>
internal sealed class IssueCollector
{
    private readonly List<ImportIssue> _listed = [];

    public long Total { get; private set; }

    public IReadOnlyList<ImportIssue> Listed => _listed;

    public void Add(ImportIssue issue)
    {
        Total++;
        if (_listed.Count < ImportFailedException.MaxListedIssues)
        {
            _listed.Add(issue);
        }
    }

    /// <summary>Refuses the import under the fail policy on any issue, and under any policy when nothing is left.</summary>
    public void ThrowIfRefused(ImportRequest request, long imported)
    {
        if (Total > 0 && request.OnError == RowErrorPolicy.Fail)
        {
            throw new ImportFailedException(request.FileName, _listed, Total);
        }
        if (imported == 0)
        {
            var issues = Total > 0 ? _listed : [new ImportIssue(request.FileName, 1, null, null, "the file holds no features")];
            throw new ImportFailedException(request.FileName, issues, Math.Max(Total, 1),
                $"{request.FileName}: no valid feature to import; the dataset keeps its previous version.");
        }
    }
}
