using SpatialHub.PostGis;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using SpatialHub.Core.Analytics;
using SpatialHub.Core.Catalog;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Versions;
using SpatialHub.Server.Analytics;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Changes;

/// <summary>Resolves the versions a change listing compares (404 for a version that does not exist or is no longer
/// kept) and answers from memory or PostGIS. Versions never change, so an answer is kept until memory is needed.</summary>
public sealed class ChangesService : IDisposable
{
    public const double DefaultToleranceMetres = 1;
    public const double MaxToleranceMetres = 10_000;

    private readonly DatabaseHost _database;
    private readonly AnalyticsOptions _options;
    private readonly int _keep;
    private readonly MemoryCache? _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<ChangeSet>>> _inFlight = new(StringComparer.Ordinal);

    public ChangesService(DatabaseHost database, IOptions<AnalyticsOptions> options, IOptions<VersionOptions> versions)
    {
        _database = database;
        _options = options.Value;
        _keep = versions.Value.Keep;
        _cache = _options.CacheMegabytes > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheMegabytes * 1024L * 1024L }) : null;
    }

    public async Task<ChangeSet> ChangesAsync(string id, string? from, string? to, string? tolerance, CancellationToken cancellationToken)
    {
        var toleranceMetres = Tolerance(tolerance);
        var fromVersion = Version("from", from);
        var toVersion = Version("to", to);
        var dataset = await new CatalogRepository(_database.Reads).FindAsync(DatasetId.Validate(id), cancellationToken)
            ?? throw new AnalyticsNotFoundException("id", $"Dataset '{id}' does not exist.");
        // The primary's history: a replica may not have replayed the import that made the current version yet.
        var history = await _database.Database.Versions().ListAsync(dataset.Id, cancellationToken);
        var newer = Find(dataset, history, "to", toVersion ?? dataset.Version);
        var older = fromVersion is { } v ? Find(dataset, history, "from", v)
            : history.FirstOrDefault(h => h.Retained && h.Version < newer.Version)
              ?? throw new AnalyticsNotFoundException("from", $"from: dataset '{dataset.Id}' keeps no version before {newer.Version} to compare it with.");
        var key = string.Create(CultureInfo.InvariantCulture, $"{older.Version}|{newer.Version}|{toleranceMetres:R}");
        if (_cache is not null && _cache.TryGetValue(key, out ChangeSet? cached) && cached is not null)
        {
            return cached;
        }
        var load = _inFlight.GetOrAdd(key, _ => new Lazy<Task<ChangeSet>>(() => ComputeAsync(key, older, newer, toleranceMetres)));
        return await load.Value.WaitAsync(cancellationToken);
    }

    /// <summary>Not cancelled with the request: others may wait for the same answer, and it is kept.</summary>
    private async Task<ChangeSet> ComputeAsync(string key, DatasetVersion older, DatasetVersion newer, double toleranceMetres)
    {
        try
        {
            var changes = await new ChangeQuery(_database.Reads, _options.StatementTimeout).ComputeAsync(older, newer, toleranceMetres, CancellationToken.None);
            _cache?.Set(key, changes, new MemoryCacheEntryOptions
            {
                Size = 512 + changes.Features.Sum(f => 2L * (f.AttributesJson.Length + f.GeometryJson.Length) + 128),
            });
            return changes;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    private DatasetVersion Find(Dataset dataset, IReadOnlyList<DatasetVersion> history, string parameter, long version)
    {
        var found = history.FirstOrDefault(h => h.Version == version)
            ?? throw new AnalyticsNotFoundException(parameter, $"{parameter}: dataset '{dataset.Id}' has no version {version}; "
                + $"its kept versions are {string.Join(", ", history.Where(h => h.Retained).Select(h => h.Version))}.");
        return found.Retained ? found
            : throw new AnalyticsNotFoundException(parameter, $"{parameter}: version {version} of dataset '{dataset.Id}' is no longer kept "
                + $"(SpatialHub:Versions:Keep is {_keep}); its kept versions are {string.Join(", ", history.Where(h => h.Retained).Select(h => h.Version))}.");
    }

    private static long? Version(string parameter, string? text) =>
        text is null ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0 ? version
        : throw new AnalyticsParameterException(parameter, $"{parameter} must be a version number (a positive whole number), not '{DatasetSelector.Shorten(text)}'.");

    private static double Tolerance(string? text) =>
        text is null ? DefaultToleranceMetres
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var metres) && double.IsFinite(metres) && metres is >= 0 and <= MaxToleranceMetres
            ? metres
            : throw new AnalyticsParameterException("tolerance", $"tolerance must be metres between 0 and {MaxToleranceMetres:0}, not '{DatasetSelector.Shorten(text)}'.");

    public void Dispose() => _cache?.Dispose();
}
