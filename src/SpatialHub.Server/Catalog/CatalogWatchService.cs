using SpatialHub.PostGis.Catalog;

namespace SpatialHub.Server.Catalog;

/// <summary>Runs the catalog version watcher for the life of the service (the database is open by then).</summary>
internal sealed class CatalogWatchService(CatalogVersionWatcher watcher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => watcher.RunAsync(stoppingToken);
}
