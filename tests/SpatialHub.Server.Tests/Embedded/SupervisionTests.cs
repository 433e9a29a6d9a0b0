using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Shouldly;
using Xunit.Abstractions;
using SpatialHub.PostGis.Embedded;
using SpatialHub.Server.Hosting;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Embedded;

/// <summary>The service brings back the embedded database it started after a crash or an outside stop: /health 200
/// within 30 s, nothing but 503 while it is away, each restart counted. One service for the class: the tests run in turn.</summary>
[Trait("Category", "Integration")]
public sealed class SupervisionTests(SupervisedService service, ITestOutputHelper output) : IClassFixture<SupervisedService>
{
    private static readonly string[] ReadPaths =
        ["/api/datasets", "/collections/wifi-hk/items?limit=5", "/collections/lampposts/items?limit=5", "/health"];

    [Fact]
    public async Task A_postmaster_killed_under_read_load_is_restarted_and_reads_fail_only_with_503_meanwhile()
    {
        var client = service.Factory.CreateClient();
        await service.WaitForHealthAsync(client, Stopwatch.StartNew());
        using var restarts = new RestartCounter(service.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var before = await client.GetStringAsync("/api/datasets");
        // A streamed page whose database dies after its 200 went out can only be cut short (the client sees a reset).
        var statuses = new ConcurrentBag<HttpStatusCode?>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; !stopLoad.IsCancellationRequested; i++)
            {
                try
                {
                    statuses.Add((await client.GetAsync(ReadPaths[i % ReadPaths.Length])).StatusCode);
                }
                catch (HttpRequestException)
                {
                    statuses.Add(null);
                }
            }
        })).ToList();
        await Task.Delay(500);

        var killed = service.KillPostmaster();
        var sinceKill = Stopwatch.StartNew();
        var recovery = await service.WaitForRestartAndHealthAsync(client, restarts, sinceKill);
        await Task.Delay(1000);
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        output.WriteLine($"/health 200 after {recovery.TotalSeconds:F1} s; responses: " +
            string.Join(", ", statuses.GroupBy(s => s?.ToString() ?? "cut short").Select(g => $"{g.Key} {g.Count()}")));
        service.PostmasterPid().ShouldNotBe(killed, "a new postmaster must be running");
        restarts.Total.ShouldBe(1);
        recovery.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        statuses.Distinct().Except([HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, null]).ShouldBeEmpty();
        statuses.Count(s => s == HttpStatusCode.OK).ShouldBeGreaterThan(ReadPaths.Length);
        (await client.GetStringAsync("/api/datasets")).ShouldBe(before, "a durable cluster keeps everything committed through a crash");
        (await client.GetStringAsync("/metrics")).ShouldContain("spatialhub_database_restarts");
    }

    [Fact]
    public async Task An_import_cut_by_a_crash_fails_cleanly_leaves_the_previous_version_and_a_retry_succeeds()
    {
        var writer = service.CreateWriter();
        await service.WaitForHealthAsync(writer, Stopwatch.StartNew());
        (await writer.PutAsync("/api/datasets/crashy?format=csv", new StringContent(FaultTestKit.Points(10)))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var database = service.Factory.Services.GetRequiredService<DatabaseHost>().Database.DataSource;
        var big = FaultTestKit.Points(300_000);

        using var restarts = new RestartCounter(service.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var import = writer.PutAsync("/api/datasets/crashy?format=csv", new StringContent(big));
        await WaitForCopyAsync(database);
        service.KillPostmaster();
        var response = await import;

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        await service.WaitForRestartAndHealthAsync(writer, restarts, Stopwatch.StartNew());
        await using var inspect = TestDatabase.Open(service.ConnectionString());
        (await inspect.ScalarAsync<long>("SELECT feature_count FROM spatialhub.datasets WHERE id = 'crashy'")).ShouldBe(10);
        var version = await inspect.ScalarAsync<long>("SELECT version FROM spatialhub.datasets WHERE id = 'crashy'");
        (await inspect.ScalarAsync<long>($"SELECT count(*) FROM spatialhub.features_v{version}")).ShouldBe(10);
        (await inspect.FeatureTablesAsync()).Count.ShouldBe(
            (int)await inspect.ScalarAsync<long>("SELECT count(*) FROM spatialhub.datasets"), "no half-written version is left behind");

        var retry = await writer.PutAsync("/api/datasets/crashy?format=csv", new StringContent(big));
        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        (await inspect.ScalarAsync<long>("SELECT feature_count FROM spatialhub.datasets WHERE id = 'crashy'")).ShouldBe(300_000);
    }

    [Fact]
    public async Task An_immediate_pg_ctl_stop_from_outside_is_undone()
    {
        var client = service.Factory.CreateClient();
        await service.WaitForHealthAsync(client, Stopwatch.StartNew());
        using var restarts = new RestartCounter(service.Factory.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var stop = await ProcessRunner.RunAsync(Path.Combine(EmbeddedClusterOptions.DefaultBinDirectory, "pg_ctl"),
            ["-D", service.Layout.PgData, "-m", "immediate", "-w", "stop"], service.Layout.Root, CancellationToken.None);
        stop.ExitCode.ShouldBe(0, stop.Error);
        var sinceStop = Stopwatch.StartNew();

        var recovery = await service.WaitForRestartAndHealthAsync(client, restarts, sinceStop);
        output.WriteLine($"/health 200 after {recovery.TotalSeconds:F1} s");
        restarts.Total.ShouldBe(1);
        (await client.GetAsync("/collections/wifi-hk/items?limit=1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Waits until the import's COPY is running on the server, so the kill lands in the middle of it.</summary>
    private static async Task WaitForCopyAsync(NpgsqlDataSource database)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await using var command = database.CreateCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY spatialhub.features%'");
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("The import never reached its COPY.");
    }
}
