using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.PostGis.Tiles;

/// <summary>
/// Turns a request's layers into a <see cref="LayerSet"/> at the datasets' current versions. While the catalog
/// watcher is listening, the versions come from memory and a request whose layers were seen before costs no database
/// round trip: the watcher learns of this process's imports at once (they announce themselves) and of other
/// processes' imports when their NOTIFY arrives. While it is not listening (or a dataset is new to it), one indexed
/// query reads the versions, so an import by any process shows on the very next request.
/// </summary>
public sealed class TileVersionResolver(Func<ReadRouter> reads, CatalogVersionWatcher? watcher, int maxLayers)
{
    private const int MaxRememberedLayerSets = 10_000;
    private readonly ConcurrentDictionary<string, Dataset> _datasets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Layers, string? Within), Remembered> _layerSets = new();
    private readonly WithinResolver _areas = new(reads);

    /// <summary>A layer set and the watcher generation at which its versions were last known to be current.</summary>
    private sealed record Remembered(LayerSet Layers, long Generation);

    /// <summary>The datasets of <paramref name="layers"/> (the path segment as sent) at their current versions.
    /// Throws the parse exceptions of <see cref="TileLayers"/> and <see cref="FeatureReference"/>,
    /// <see cref="DatasetNotFoundException"/>, and <see cref="DatabaseUnavailableException"/>.</summary>
    public ValueTask<LayerSet> ResolveAsync(string layers, string? within, CancellationToken cancellationToken)
    {
        // Read before any version is looked at: a change after this point shows as a newer generation next time.
        var generation = watcher?.Generation ?? 0;
        return TryGetCurrent(layers, within, generation, out var set)
            ? ValueTask.FromResult(set)
            : new ValueTask<LayerSet>(ReadAsync(layers, within, generation, cancellationToken));
    }

    /// <summary>The set for this request when the watcher, listening now, shows it current: no I/O, no allocation.</summary>
    public bool TryGetCurrent(string layers, string? within, [NotNullWhen(true)] out LayerSet? set) =>
        TryGetCurrent(layers, within, watcher?.Generation ?? 0, out set);

    private bool TryGetCurrent(string layers, string? within, long generation, [NotNullWhen(true)] out LayerSet? set)
    {
        set = null;
        if (watcher is not { IsWatching: true } || !_layerSets.TryGetValue((layers, within), out var remembered))
        {
            return false;
        }
        if (remembered.Generation != generation)
        {
            if (!IsCurrent(remembered.Layers))
            {
                return false;
            }
            _layerSets[(layers, within)] = remembered with { Generation = generation };
        }
        set = remembered.Layers;
        return true;
    }

    /// <summary>The set last resolved for this request, asking no one (null if never resolved).</summary>
    public LayerSet? LastResolved(string layers, string? within) =>
        _layerSets.TryGetValue((layers, within), out var remembered) ? remembered.Layers : null;

    private async Task<LayerSet> ReadAsync(string layers, string? within, long generation, CancellationToken cancellationToken)
    {
        var ids = TileLayers.Parse(layers, maxLayers);
        var area = within is null ? null : FeatureReference.Parse(within);
        IReadOnlyCollection<string> wanted = area is null || ids.Contains(area.DatasetId) ? ids : [.. ids, area.DatasetId];
        var catalog = new CatalogRepository(reads());
        var versions = KnownVersions(wanted)
            ?? await DatabaseErrors.TranslateAsync(() => catalog.VersionsAsync(wanted, cancellationToken));

        var datasets = new Dataset[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            datasets[i] = await DatasetAsync(catalog, ids[i], versions, cancellationToken);
        }
        var filter = area is null ? null : await DatabaseErrors.TranslateAsync(async () =>
            await _areas.ResolveAsync(await DatasetAsync(catalog, area.DatasetId, versions, cancellationToken), area.FeatureId, cancellationToken));
        var set = new LayerSet(datasets, filter);
        if (LastResolved(layers, within) is { } last && last.CacheKey == set.CacheKey)
        {
            set = last; // same versions: keep the instance the caches and callers already hold
        }
        if (_layerSets.Count >= MaxRememberedLayerSets)
        {
            _layerSets.Clear(); // within= takes any feature id: keep the memory bounded
        }
        _layerSets[(layers, within)] = new Remembered(set, generation);
        return set;
    }

    /// <summary>The watcher's versions of every wanted dataset; null when it is not listening or does not know one
    /// (a dataset created by another process a moment ago, or none at all: the database decides).</summary>
    private IReadOnlyDictionary<string, long>? KnownVersions(IReadOnlyCollection<string> wanted)
    {
        if (watcher is not { IsWatching: true })
        {
            return null;
        }
        var versions = new Dictionary<string, long>(wanted.Count, StringComparer.Ordinal);
        foreach (var id in wanted)
        {
            if (!watcher.TryGetVersion(id, out var version))
            {
                return null;
            }
            versions[id] = version;
        }
        return versions;
    }

    private bool IsCurrent(LayerSet layers) =>
        layers.Datasets.All(d => watcher!.TryGetVersion(d.Id, out var version) && version == d.Version)
        && (layers.Within is null || (watcher!.TryGetVersion(layers.Within.Area.Id, out var areaVersion) && areaVersion == layers.Within.Area.Version));

    /// <summary>Catalog rows change only with their version: read each (id, version) once.</summary>
    private async Task<Dataset> DatasetAsync(CatalogRepository catalog, string id, IReadOnlyDictionary<string, long> versions, CancellationToken cancellationToken)
    {
        if (!versions.TryGetValue(id, out var version))
        {
            throw new DatasetNotFoundException(id);
        }
        if (_datasets.TryGetValue(id, out var known) && known.Version == version)
        {
            return known;
        }
        var dataset = await DatabaseErrors.TranslateAsync(() => catalog.GetAsync(id, cancellationToken));
        _datasets[id] = dataset;
        return dataset;
    }
}
