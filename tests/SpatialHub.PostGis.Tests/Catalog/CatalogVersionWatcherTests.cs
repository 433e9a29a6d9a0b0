using System.Diagnostics;
using Shouldly;
using SpatialHub.PostGis.Catalog;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.PostGis.Tests.Catalog;

[Trait("Category", "Integration")]
public sealed class CatalogVersionWatcherTests
{
    [Fact]
    public async Task The_watcher_learns_of_imports_and_deletes_made_on_other_connections()
    {
        await using var db = await TestDatabase.CreateAsync();
        var first = await db.ImportTextAsync("watched", "a.csv", "name,Latitude,Longitude\nA,22.3,114.1\n");
        var watcher = new CatalogVersionWatcher(() => db.DataSource);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        await EventuallyAsync(() => watcher.IsWatching && watcher.TryGetVersion("watched", out var v) && v == first.Version);

        var second = await db.ImportTextAsync("watched", "a.csv", "name,Latitude,Longitude\nA,22.3,114.1\nB,22.31,114.11\n");
        await EventuallyAsync(() => watcher.TryGetVersion("watched", out var v) && v == second.Version);

        (await db.Catalog.DeleteAsync("watched")).ShouldBeTrue();
        await EventuallyAsync(() => !watcher.TryGetVersion("watched", out _));

        await stop.CancelAsync();
        await running;
        watcher.IsWatching.ShouldBeFalse();
    }

    [Fact]
    public void A_watcher_that_is_not_running_knows_nothing_so_callers_ask_the_database()
    {
        var watcher = new CatalogVersionWatcher(() => throw new InvalidOperationException("not used"));
        watcher.Announce("anything", 7);

        watcher.IsWatching.ShouldBeFalse();
        watcher.TryGetVersion("anything", out _).ShouldBeFalse();
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
            await Task.Delay(20);
        }
    }
}
