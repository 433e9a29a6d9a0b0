using Shouldly;
using SpatialHub.PostGis.Embedded;

namespace SpatialHub.PostGis.Tests.Embedded;

/// <summary>Supervision among several users of one cluster, and the cluster's own configuration, without a service.</summary>
[Trait("Category", "Integration")]
public sealed class SharedSupervisionTests : IAsyncLifetime
{
    private readonly EmbeddedClusterOptions _options = new()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), $"spatialhub-tests-shared-{Guid.NewGuid():N}"),
        Durable = false,
        SupervisionInterval = TimeSpan.FromMilliseconds(200),
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => EmbeddedCluster.DestroyAsync(_options);

    [Fact]
    public async Task Exactly_one_user_of_a_cluster_supervises_and_another_takes_over_when_it_leaves()
    {
        var first = await EmbeddedCluster.StartAsync(_options);
        await using var second = await EmbeddedCluster.StartAsync(_options);
        await using var third = await EmbeddedCluster.StartAsync(_options);
        var users = new[] { first, second, third };
        await EventuallyAsync(() => users.Count(u => u.IsSupervising) == 1);
        await Task.Delay(600);
        users.Count(u => u.IsSupervising).ShouldBe(1, "exactly one process supervises at a time");

        var supervisor = users.Single(u => u.IsSupervising);
        await supervisor.DisposeAsync();
        var remaining = users.Where(u => u != supervisor).ToList();
        await EventuallyAsync(() => remaining.Count(u => u.IsSupervising) == 1);

        await remaining.Single(u => u.IsSupervising).StopServerAsync();
        await EventuallyAsync(() => ClusterProbe.CanConnectAsync(second.ConnectionString).GetAwaiter().GetResult());
        await first.DisposeAsync();
    }

    [Fact]
    public async Task An_operators_plain_pg_ctl_start_brings_the_cluster_back_on_its_port()
    {
        var options = new EmbeddedClusterOptions { DataDirectory = _options.DataDirectory, Durable = false, Supervise = false };
        await using var cluster = await EmbeddedCluster.StartAsync(options);
        await cluster.StopServerAsync();
        (await ClusterProbe.CanConnectAsync(cluster.ConnectionString)).ShouldBeFalse();

        var layout = ClusterLayout.For(options.DataDirectory);
        var start = await ProcessRunner.RunAsync(Path.Combine(options.BinDirectory, "pg_ctl"),
            ["-D", layout.PgData, "-l", layout.LogFile, "-w", "start"], layout.Root, CancellationToken.None);

        start.ExitCode.ShouldBe(0, start.Error);
        (await ClusterProbe.CanConnectAsync(cluster.ConnectionString)).ShouldBeTrue("the port lives in the cluster's configuration");
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
            await Task.Delay(100);
        }
    }
}
