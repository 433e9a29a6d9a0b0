using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SpatialHub.Core.Catalog;
using SpatialHub.Core.Tiles;
using SpatialHub.PostGis.Catalog;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Tiles;

/// <summary>The tile tests share one service with the sample data (imported once) and run one after another,
/// so that the metrics and the re-import test see only their own requests.</summary>
[CollectionDefinition(Name)]
public sealed class TilesCollection : ICollectionFixture<SpatialHubFactory>
{
    public const string Name = "Tiles";

    public static async Task<Dataset> DatasetAsync(SpatialHubFactory factory, string id)
    {
        await using var data = NpgsqlDataSource.Create(factory.ConnectionString);
        return await new CatalogRepository(data).GetAsync(id);
    }

    /// <summary>The service's catalog watcher, once it listens (it connects in the background as the service starts).</summary>
    public static async Task<CatalogVersionWatcher> ListeningWatcherAsync(SpatialHubFactory factory)
    {
        var watcher = factory.Services.GetRequiredService<CatalogVersionWatcher>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!watcher.IsWatching)
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10), "the service listens for catalog changes");
            await Task.Delay(20);
        }
        return watcher;
    }

    /// <summary>Every tile at <paramref name="z"/> touching the dataset's bounding box.</summary>
    public static IEnumerable<TileCoord> Covering(Dataset dataset, int z) =>
        WebMercator.TilesCovering(dataset.Bbox![0], dataset.Bbox[1], dataset.Bbox[2], dataset.Bbox[3], z);
}
