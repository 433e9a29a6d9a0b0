using SpatialHub.PostGis;
using System.Collections.Concurrent;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Quality;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Quality;

/// <summary>
/// The catalog's quality lines, per dataset version, in memory: a version's report is written in the transaction that
/// publishes the version and never changes, so each version is read once (absent reports too), and /catalog keeps
/// answering from memory while an import holds the catalog table.
/// </summary>
public sealed class QualitySummaryCache(DatabaseHost database)
{
    private readonly ConcurrentDictionary<(string Id, long Version), string?> _lines = new();

    public async Task<IReadOnlyDictionary<string, string?>> ForAsync(IReadOnlyList<Dataset> datasets, CancellationToken cancellationToken)
    {
        var missing = datasets.Select(d => (d.Id, d.Version)).Where(v => !_lines.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            var found = await new QualityStore(database.Reads).SummariesAsync(missing, cancellationToken);
            foreach (var version in missing)
            {
                _lines[version] = found.GetValueOrDefault(version);
            }
            // Only current versions stay: the cache is as large as the catalog.
            var current = datasets.Select(d => (d.Id, d.Version)).ToHashSet();
            foreach (var stale in _lines.Keys.Where(k => !current.Contains(k)))
            {
                _lines.TryRemove(stale, out _);
            }
        }
        return datasets.ToDictionary(d => d.Id, d => _lines.GetValueOrDefault((d.Id, d.Version)));
    }
}
