using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using SpatialHub.PostGis.Embedded;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Tests.Reliability;

/// <summary>A graceful stop drains: a request in flight when the host stops still completes (and can still use the
/// database), new connections are refused, and the embedded cluster this service started is stopped cleanly with its
/// data kept. Runs the real composition on a loopback port and an embedded cluster of its own.</summary>
[Trait("Category", "Integration")]
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"spatialhub-tests-shutdown-{Guid.NewGuid():N}");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await EmbeddedCluster.DestroyAsync(new EmbeddedClusterOptions { DataDirectory = _dataDirectory });
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task The_shutdown_timeout_is_configured_from_spatialhub_options()
    {
        await using var app = SpatialHubApp.Build(["--SpatialHub:ShutdownTimeoutSeconds=7"]);
        app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(7));
        await using var defaults = SpatialHubApp.Build([]);
        defaults.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_request_in_flight_when_the_service_stops_completes_and_the_embedded_cluster_is_left_stopped_with_its_data()
    {
        var app = SpatialHubApp.Build(
        [
            "--urls=http://127.0.0.1:0", "--ConnectionStrings:SpatialHub=", $"--SpatialHub:DataDirectory={_dataDirectory}",
            "--SpatialHub:ImportSamplesWhenEmpty=false",
        ]);
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A slow request that needs the database after the stop has begun.
        app.MapGet("/test/slow", async (DatabaseHost database) =>
        {
            inFlight.SetResult();
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await using var command = database.Database.DataSource.CreateCommand("SELECT 'drained' FROM pg_sleep(1.5)");
            return Results.Text((string)(await command.ExecuteScalarAsync())!);
        });
        await app.StartAsync();
        var baseUri = new Uri(app.Urls.First());
        using var client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var slow = client.GetAsync("/test/slow");
        await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        await app.StopAsync();
        clock.Stop();

        var response = await slow;
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("drained");
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(1), "the stop waits for the request in flight");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "and does not wait for the shutdown timeout");
        await Should.ThrowAsync<SocketException>(async () =>
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(baseUri.Host, baseUri.Port);
        });

        var layout = ClusterLayout.For(_dataDirectory);
        File.Exists(Path.Combine(layout.PgData, "postmaster.pid")).ShouldBeFalse("the cluster this service started is stopped with it");
        File.Exists(layout.StartedMarker).ShouldBeFalse();
        File.Exists(layout.CredentialsFile).ShouldBeTrue("a stop keeps the cluster and its data");
        await using var restarted = await EmbeddedCluster.StartAsync(new EmbeddedClusterOptions { DataDirectory = _dataDirectory });
        await using var connection = new NpgsqlConnection(restarted.ConnectionString);
        await connection.OpenAsync();
        await using var migrated = new NpgsqlCommand("SELECT count(*) FROM spatialhub.schema_migrations", connection);
        ((long)(await migrated.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
        await app.DisposeAsync();
    }
}
