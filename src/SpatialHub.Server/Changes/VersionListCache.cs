using SpatialHub.PostGis;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Versions;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Changes;

/// <summary>Every dataset's version history with disk use, as last read; read again after the catalog watcher hears of
/// an import or a delete (the only things that change it), like <see cref="CatalogListCache"/> for <c>/catalog</c>.</summary>
public sealed class VersionListCache(DatabaseHost database, CatalogVersionWatcher watcher)
{
    private volatile Snapshot? _last;

    private sealed record Snapshot(ILookup<string, DatasetVersion> Versions, long Generation);

    public async Task<ILookup<string, DatasetVersion>> ListAsync(CancellationToken cancellationToken)
    {
        var generation = watcher.Generation;
        if (watcher.IsWatching && _last is { } last && last.Generation == generation)
        {
            return last.Versions;
        }
        // The primary: the history must not be older than the catalog it is shown with.
        var versions = (await new VersionHistory(database.Reads).ListAsync(null, cancellationToken)).ToLookup(v => v.DatasetId, StringComparer.Ordinal);
        _last = new Snapshot(versions, generation);
        return versions;
    }
}

/// <summary>One version in a dataset's history, as the catalog shows it.</summary>
public sealed record VersionResource(
    long Version, long FeatureCount, DateTimeOffset ImportedAt, string? SourceFile, string? ImportedBy, string? KeyField, bool Retained, long? DiskBytes)
{
    public static IReadOnlyList<VersionResource> From(IEnumerable<DatasetVersion> versions) =>
        versions.Select(v => new VersionResource(v.Version, v.FeatureCount, v.ImportedAt, v.SourceFile, v.ImportedBy, v.KeyField, v.Retained, v.Bytes)).ToList();

    /// <summary>What a dataset's kept versions occupy on disk, tables and indexes.</summary>
    public static long DiskUse(IEnumerable<DatasetVersion> versions) => versions.Sum(v => v.Bytes ?? 0);
}
