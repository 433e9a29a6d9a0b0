using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Catalog;

/// <summary>The whole catalog as last read, answered from memory while the <see cref="CatalogVersionWatcher"/> is
/// listening and has heard of no change since (its <see cref="CatalogVersionWatcher.Generation"/> is the same);
/// read again otherwise. For <c>/catalog</c>, which map clients poll.</summary>
public sealed class CatalogListCache(Func<ReadRouter> reads, CatalogVersionWatcher watcher)
{
    private volatile Snapshot? _last;

    private sealed record Snapshot(IReadOnlyList<Dataset> Datasets, long Generation);

    public async ValueTask<IReadOnlyList<Dataset>> ListAsync(CancellationToken cancellationToken)
    {
        // Read before the catalog: a change after this point shows as a newer generation next time.
        var generation = watcher.Generation;
        if (watcher.IsWatching && _last is { } last && last.Generation == generation)
        {
            return last.Datasets;
        }
        var datasets = await DatabaseErrors.TranslateAsync(() => new CatalogRepository(reads()).ListAsync(cancellationToken));
        _last = new Snapshot(datasets, generation);
        return datasets;
    }
}
