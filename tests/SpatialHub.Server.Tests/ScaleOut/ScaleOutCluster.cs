using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SpatialHub.Server.Tests.Infrastructure;

namespace SpatialHub.Server.Tests.ScaleOut;

/// <summary>
/// The local scaled-out deployment of <c>scripts/cluster.sh</c> (PostgreSQL primary, a streaming replica made with
/// pg_basebackup, two <c>spatialhub serve</c> processes of the executable built beside the tests, nginx in front), on
/// free loopback ports in a directory of its own, destroyed (nothing left running) when the tests are done.
/// </summary>
public sealed class ScaleOutCluster : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"spatialhub-scaleout-{Environment.ProcessId}");
    private readonly Dictionary<string, int> _ports = [];

    public string ApiKey { get; private set; } = "";

    public Uri Nginx => Url("NGINX_PORT");
    public Uri AppA => Url("APP_A_PORT");
    public Uri AppB => Url("APP_B_PORT");

    private Uri Url(string port) => new($"http://127.0.0.1:{_ports[port]}");

    public async Task InitializeAsync()
    {
        await RunAsync("destroy");
        foreach (var name in new[] { "PRIMARY_PORT", "REPLICA_PORT", "NGINX_PORT", "APP_A_PORT", "APP_B_PORT" })
        {
            _ports[name] = FreePort();
        }
        ApiKey = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        await RunAsync("start");
    }

    public Task DisposeAsync() => RunAsync("destroy");

    /// <summary>kill -9 of one service replica, as a crash would.</summary>
    public void Kill(string app)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(_directory, "run", $"{app}.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
    }

    /// <summary>Runs <c>scripts/cluster.sh</c> with this cluster's directory and ports; throws with its output on failure.</summary>
    public async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "scripts", "cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["CLUSTER_DIR"] = _directory;
        start.Environment["SPATIALHUB_BIN"] = SpatialHubCliProcess.Executable;
        start.Environment["API_KEY"] = ApiKey;
        foreach (var (name, port) in _ports)
        {
            start.Environment[name] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        start.Environment.Remove("ConnectionStrings__SpatialHub");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh {string.Join(' ', arguments)} took over {StartTimeout}: {await output} {await error}");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
