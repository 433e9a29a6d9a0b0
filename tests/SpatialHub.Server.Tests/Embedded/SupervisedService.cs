using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using SpatialHub.PostGis.Embedded;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.Embedded;

/// <summary>The service on an embedded cluster of its own that it started (and so supervises), with the samples
/// imported: the faults these tests cause would break every other test sharing the test cluster.</summary>
public sealed class SupervisedService : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"spatialhub-tests-supervised-{Guid.NewGuid():N}");

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    internal ClusterLayout Layout => ClusterLayout.For(DataDirectory);

    public Task InitializeAsync()
    {
        Factory = FaultTestKit.Service(new()
        {
            ["ConnectionStrings:SpatialHub"] = "",
            ["SpatialHub:DataDirectory"] = DataDirectory,
            ["SpatialHub:ApiKey"] = SpatialHubFactory.ApiKey,
            ["SpatialHub:SampleDirectory"] = RepositoryPaths.DataSamples,
        });
        _ = Factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await EmbeddedCluster.DestroyAsync(new EmbeddedClusterOptions { DataDirectory = DataDirectory });
    }

    public HttpClient CreateWriter()
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", SpatialHubFactory.ApiKey);
        return client;
    }

    /// <summary>The cluster's own connection string (credentials from its data directory), for a look from outside the service.</summary>
    public string ConnectionString() => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Postmaster.ReadPort(Layout) ?? throw new InvalidOperationException("postmaster.pid is missing"),
        Username = "spatialhub",
        Password = File.ReadAllText(Layout.CredentialsFile).Trim(),
        Database = "spatialhub",
    }.ConnectionString;

    public int PostmasterPid() => Postmaster.ReadPid(Layout) ?? throw new InvalidOperationException("postmaster.pid is missing");

    /// <summary>What a crash or the OOM killer does: SIGKILL to the postmaster, leaving its pid file and backends behind.</summary>
    public int KillPostmaster()
    {
        var pid = PostmasterPid();
        using var postmaster = Process.GetProcessById(pid);
        postmaster.Kill();
        return pid;
    }

    /// <summary>Waits for the supervisor's restart, then until /health answers 200, failing after the 30 s the service
    /// is allowed; returns how long it took. (Right after a kill -9, a pooled connection to a backend that has not yet
    /// noticed may still answer, so a 200 alone does not prove recovery.)</summary>
    public async Task<TimeSpan> WaitForRestartAndHealthAsync(HttpClient client, RestartCounter restarts, Stopwatch sinceFault)
    {
        while (restarts.Total == 0)
        {
            if (sinceFault.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"The database was not restarted within 30 s of the fault ({DataDirectory})");
            }
            await Task.Delay(100);
        }
        return await WaitForHealthAsync(client, sinceFault);
    }

    /// <summary>Waits until /health answers 200, failing after 30 s; returns how long it took.</summary>
    public async Task<TimeSpan> WaitForHealthAsync(HttpClient client, Stopwatch sinceFault)
    {
        while ((await client.GetAsync("/health")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (sinceFault.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"/health did not answer 200 within 30 s of the fault ({DataDirectory})");
            }
            await Task.Delay(250);
        }
        return sinceFault.Elapsed;
    }
}

/// <summary>Sums the restarts the supervisors record on the <c>spatialhub.database.restarts</c> counter.</summary>
public sealed class RestartCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    /// <param name="meters">The service's meter factory: other test classes run their own supervised clusters in the
    /// same process at the same time, and their restarts must not count here.</param>
    public RestartCounter(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "spatialhub.database.restarts" && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
