using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SpatialHub.PostGis.Embedded;

/// <summary>
/// Brings the embedded server back when it dies or is stopped from outside (a crash, the OOM killer, an immediate
/// <c>pg_ctl stop</c>); PostgreSQL's crash recovery runs as it starts. Every process using the cluster runs one, but
/// only the holder of the supervisor lock acts, so exactly one restarts it; the others only reconnect, and take the
/// lock over when its holder exits. A server that keeps dying is restarted after doubling delays, up to a cap.
/// </summary>
internal sealed partial class ClusterSupervisor : IAsyncDisposable
{
    public const string RestartsCounterName = "spatialhub.database.restarts";
    private static readonly Meter ProcessMeter = new("SpatialHub");

    private readonly EmbeddedClusterOptions _options;
    private readonly ClusterLayout _layout;
    private readonly ILogger _logger;
    private readonly Counter<long> _restarts;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;
    private Task _loop = Task.CompletedTask;
    private FileStream? _lock;
    private int? _lastPid;

    // Restarts in a row without a stable spell between them: the next restart waits 2^(n-1) seconds, capped.
    private int _unstableRestarts;
    private readonly Stopwatch _upSince = Stopwatch.StartNew();

    private ClusterSupervisor(EmbeddedClusterOptions options, ClusterLayout layout)
    {
        _options = options;
        _layout = layout;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger<EmbeddedCluster>() ?? NullLogger.Instance;
        _restarts = (options.Meter ?? ProcessMeter).CreateCounter<long>(RestartsCounterName,
            description: "Restarts of the embedded PostgreSQL server after it died or was stopped from outside");
    }

    public static ClusterSupervisor Start(EmbeddedClusterOptions options, ClusterLayout layout)
    {
        var supervisor = new ClusterSupervisor(options, layout);
        supervisor._loop = Task.Run(supervisor.RunAsync);
        return supervisor;
    }

    /// <summary>A new postmaster runs (restarted here, by another process or by an operator): connections pooled
    /// before are dead, and Npgsql would otherwise hand each of them out once, failing a request each time.</summary>
    public event Action? ServerReplaced;

    /// <summary>True while this process holds the supervisor lock.</summary>
    public bool IsSupervising => _lock is not null;

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(_options.SupervisionInterval, token);
                NoticeReplacement();
                if (_lock is null && !EmbeddedCluster.TryOpenExclusive(_layout.SupervisorLockFile, out _lock))
                {
                    _lock = null;
                    continue;
                }
                if (Postmaster.IsRunning(_layout))
                {
                    if (_upSince.Elapsed >= _options.StableAfter)
                    {
                        _unstableRestarts = 0;
                    }
                    continue;
                }
                await RestartAsync(token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task RestartAsync(CancellationToken token)
    {
        var delay = RestartDelay(_unstableRestarts);
        LogDown(_logger, _layout.PgData, delay.TotalSeconds);
        await Task.Delay(delay, token);
        _unstableRestarts++;
        try
        {
            if (await EmbeddedCluster.RestartAsync(_options, _layout, token))
            {
                _restarts.Add(1);
                _upSince.Restart();
                LogRestarted(_logger, _layout.PgData, Postmaster.ReadPort(_layout) ?? 0, _unstableRestarts);
                NoticeReplacement();
            }
        }
        catch (Exception e) when (e is EmbeddedClusterException or IOException)
        {
            LogRestartFailed(_logger, e, _layout.PgData);
        }
    }

    private void NoticeReplacement()
    {
        var pid = Postmaster.IsRunning(_layout) ? Postmaster.ReadPid(_layout) : null;
        if (pid is not null && _lastPid is not null && pid != _lastPid)
        {
            ServerReplaced?.Invoke();
        }
        _lastPid = pid ?? _lastPid;
    }

    private TimeSpan RestartDelay(int unstableRestarts)
    {
        if (unstableRestarts == 0)
        {
            return TimeSpan.Zero;
        }
        var seconds = Math.Pow(2, Math.Min(unstableRestarts - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, _options.MaxRestartDelay.TotalSeconds));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await _loop;
        if (_lock is not null)
        {
            await _lock.DisposeAsync();
            _lock = null;
        }
        _stop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedded PostgreSQL server ({PgData}) is not running; restarting it in {DelaySeconds} s")]
    private static partial void LogDown(ILogger logger, string pgData, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarted the embedded PostgreSQL server ({PgData}) on port {Port}; restart {Count} in a row")]
    private static partial void LogRestarted(ILogger logger, string pgData, int port, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restart the embedded PostgreSQL server ({PgData}); trying again")]
    private static partial void LogRestartFailed(ILogger logger, Exception exception, string pgData);
}
