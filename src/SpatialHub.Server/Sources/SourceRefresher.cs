using Microsoft.Extensions.Options;
using SpatialHub.Core.Import;
using SpatialHub.Core.Import.Services;
using SpatialHub.PostGis;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Import;
using SpatialHub.PostGis.Sources;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Import;

namespace SpatialHub.Server.Sources;

/// <summary>What one refresh did.</summary>
public enum RefreshOutcome
{
    Imported,
    Unchanged,
    Failed,

    /// <summary>Another process (a replica) holds the source's lock and is refreshing it.</summary>
    Elsewhere,
}

/// <summary>
/// Keeps the configured sources (<c>SpatialHub:Sources:Refresh</c>) current while <c>serve</c> runs: each on its own
/// schedule, skipped when unchanged (304 to a conditional GET, or the same SHA-256 as the last import), imported
/// through the same validation and atomic switch as an upload. With several replicas one refreshes each source: a
/// database advisory lock decides. A failure keeps the previous version serving and is shown as stale.
/// </summary>
public sealed class SourceRefresher(
    IOptions<SourcesOptions> options, DatabaseHost database, FeatureServiceDownloader downloader, GdalSandbox sandbox,
    ImportGate gate, CatalogVersionWatcher watcher, SourceStatus status, IOptions<Changes.VersionOptions> versions,
    ILogger<SourceRefresher> logger, Tiles.TilesOptions tiles) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Refresh.Select(source => KeepCurrentAsync(source, stoppingToken)));

    private async Task KeepCurrentAsync(RefreshedSource source, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(source.Every);
        do
        {
            try
            {
                await RefreshAsync(source, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database is away: the next tick tries again.
                logger.LogWarning(e, "Refreshing {Dataset} could not start", source.Dataset);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One refresh of <paramref name="source"/> now.</summary>
    public async Task<RefreshOutcome> RefreshAsync(RefreshedSource source, CancellationToken cancellationToken)
    {
        var store = database.Database.SourceStates();
        try
        {
            await using var held = await store.TryLockAsync(source.Dataset, cancellationToken);
            if (held is null)
            {
                return RefreshOutcome.Elsewhere;
            }
            var previous = await store.GetAsync(source.Dataset, cancellationToken);
            try
            {
                return await RefreshLockedAsync(source, store, previous?.Source == source.Source ? previous : null, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Refreshing {Dataset} failed; its previous version keeps serving: {Error}", source.Dataset, e.Message);
                await store.RecordFailureAsync(source.Dataset, source.Source, e.Message, cancellationToken);
                return RefreshOutcome.Failed;
            }
        }
        finally
        {
            status.Update(options.Value.Refresh, await store.ListAsync(CancellationToken.None));
        }
    }

    private async Task<RefreshOutcome> RefreshLockedAsync(RefreshedSource source, SourceStateStore store, SourceState? previous, CancellationToken cancellationToken)
    {
        using var slot = gate.Enter();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(sandbox.Options.Timeout);
        var remote = FeatureServices.IsUrl(source.Source);
        using var download = remote
            ? await downloader.DownloadAsync(new Uri(source.Source), FeatureServices.Parse(source.Service), null, timeout.Token,
                previous is null ? null : new SourceValidators(previous.ETag, previous.LastModified))
            : null;
        if (remote && download is null)
        {
            await store.RecordSuccessAsync(source.Dataset, source.Source, null, null, null, null, cancellationToken);
            return RefreshOutcome.Unchanged;
        }
        var path = download?.Path ?? Path.GetFullPath(source.Source);
        var sha256 = download?.Sha256 ?? await FileHash.Sha256Async(path, timeout.Token);
        if (previous?.Sha256 == sha256)
        {
            await store.RecordSuccessAsync(source.Dataset, source.Source, sha256, download?.ETag, download?.LastModified, null, cancellationToken);
            return RefreshOutcome.Unchanged;
        }
        var fileName = download?.FileName ?? Path.GetFileName(path);
        var request = new ImportRequest(source.Dataset, source.Title ?? source.Dataset, fileName, source.Attribution,
            KeyField: source.Key, ImportedBy: "refresh");
        await using var reader = await ImportSource.OpenAsync(path, new ReaderOptions(fileName, Layer: source.Layer), null, sandbox, logger, timeout.Token);
        var report = await database.Database.Importer(versions.Value.Keep, tiles.ClusterCategories).ImportAsync(request, reader.Reader, null, timeout.Token);
        watcher.Announce(source.Dataset, report.Version);
        // A refresh is a write like any other: the audit trail names it, its source and what it landed.
        await database.Database.Audit().WriteAsync(new Core.Publishing.AuditEntry("refresh", Core.Publishing.AuditActions.Import, source.Dataset,
            report.Version, report.Imported, fileName, sha256, Client: "refresh"), cancellationToken);
        await store.RecordSuccessAsync(source.Dataset, source.Source, sha256, download?.ETag, download?.LastModified, report.Version, cancellationToken);
        logger.LogInformation("Refreshed {Dataset} from {Source}: version {Version}, {Rows} rows", source.Dataset, fileName, report.Version, report.Imported);
        return RefreshOutcome.Imported;
    }
}
