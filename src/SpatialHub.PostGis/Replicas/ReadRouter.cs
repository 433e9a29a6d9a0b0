using Npgsql;
using SpatialHub.PostGis.Catalog;

namespace SpatialHub.PostGis.Replicas;

/// <summary>How one read was answered (a label of the <c>spatialhub.replica.reads</c> metric).</summary>
public enum ReadOutcome
{
    /// <summary>No replica is configured: the primary answered, as always.</summary>
    Primary,

    /// <summary>A replica answered.</summary>
    Replica,

    /// <summary>The replica's catalog is older than the versions this process knows: the primary answered.</summary>
    ReplicaBehind,

    /// <summary>The replica has not replayed the version's table yet (42P01), or cancelled the query because of a
    /// recovery conflict: the primary answered.</summary>
    ReplicaMissingVersion,

    /// <summary>The replica could not be reached: the primary answered, and the replica rests for a while.</summary>
    ReplicaDown,
}

/// <summary>
/// Sends reads to PostgreSQL streaming replicas and everything else to the primary. A lagging replica never answers
/// with an older version than this process has announced: catalog reads are checked against the catalog version
/// watcher (which listens on the primary), and feature reads name a version's own table (<c>features_v&lt;n&gt;</c>),
/// so a replica that has not replayed it fails with 42P01 and the read goes to the primary. An unreachable replica
/// is skipped for <see cref="RestAfterFailure"/>; every fallback lands on the primary, so no read fails because of a
/// replica. With no replica configured, every read goes to the primary, with no check.
/// </summary>
public sealed class ReadRouter
{
    private readonly NpgsqlDataSource[] _replicas;
    private readonly long[] _restingUntil;
    private readonly CatalogVersionWatcher? _watcher;
    private readonly Action<ReadOutcome> _record;
    private int _next;

    public ReadRouter(NpgsqlDataSource primary, IReadOnlyList<NpgsqlDataSource> replicas, CatalogVersionWatcher? watcher,
        Action<ReadOutcome>? record = null, TimeSpan? restAfterFailure = null)
    {
        Primary = primary;
        _replicas = [.. replicas];
        _restingUntil = new long[_replicas.Length];
        _watcher = watcher;
        _record = record ?? (_ => { });
        RestAfterFailure = restAfterFailure ?? DefaultRestAfterFailure;
    }

    public static readonly TimeSpan DefaultRestAfterFailure = TimeSpan.FromSeconds(5);

    /// <summary>Every read on the one database (the single-database deployment, the CLI, tests).</summary>
    public static ReadRouter PrimaryOnly(NpgsqlDataSource primary) => new(primary, [], null);

    /// <summary>Writes, imports, migrations and the catalog watcher use this one.</summary>
    public NpgsqlDataSource Primary { get; }

    public IReadOnlyList<NpgsqlDataSource> Replicas => _replicas;

    public TimeSpan RestAfterFailure { get; }

    /// <summary>
    /// Runs <paramref name="read"/> on a replica, or on the primary when there is none, when every replica is resting,
    /// when the replica cannot be reached or lacks the version's table, or when <paramref name="isCurrent"/> says its
    /// answer is older than what this process knows (checked answers are plain values, never open readers).
    /// <paramref name="read"/> must build its command afresh each call.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlDataSource, Task<T>> read, Func<T, bool>? isCurrent, CancellationToken cancellationToken)
    {
        if (_replicas.Length == 0)
        {
            _record(ReadOutcome.Primary);
            return await read(Primary);
        }
        var fallback = ReadOutcome.ReplicaDown;
        foreach (var index in ReplicaOrder())
        {
            try
            {
                var answer = await read(_replicas[index]);
                if (isCurrent is null || isCurrent(answer))
                {
                    _record(ReadOutcome.Replica);
                    return answer;
                }
                fallback = ReadOutcome.ReplicaBehind;
                break;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.SerializationFailure)
            {
                // Not replayed yet, or cancelled because replay had to drop what the query read: the primary knows.
                fallback = ReadOutcome.ReplicaMissingVersion;
                break;
            }
            catch (Exception e) when (IsUnreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                Rest(index);
            }
        }
        _record(fallback);
        return await read(Primary);
    }

    /// <summary>True unless the watcher, listening on the primary right now, knows a newer state of one of the
    /// <paramref name="asked"/> datasets than the replica's catalog shows (a version it has not replayed, a dataset
    /// it still lists after a delete, one it does not list yet). With <paramref name="asked"/> null, every dataset
    /// either side knows. While the primary cannot be watched there is nothing newer to know: the answer stands.</summary>
    public bool CatalogIsCurrent(IEnumerable<string>? asked, IReadOnlyDictionary<string, long> replicaVersions)
    {
        if (_watcher?.Snapshot() is not { } known)
        {
            return true;
        }
        foreach (var id in asked ?? known.Keys.Union(replicaVersions.Keys))
        {
            var onReplica = replicaVersions.TryGetValue(id, out var replicaVersion);
            if (known.TryGetValue(id, out var current) ? !onReplica || replicaVersion < current : onReplica)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Replicas not resting, round robin, starting at the next one.</summary>
    private IEnumerable<int> ReplicaOrder()
    {
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)_replicas.Length);
        var now = Environment.TickCount64;
        for (var i = 0; i < _replicas.Length; i++)
        {
            var index = (start + i) % _replicas.Length;
            if (Volatile.Read(ref _restingUntil[index]) <= now)
            {
                yield return index;
            }
        }
    }

    private void Rest(int index) =>
        Volatile.Write(ref _restingUntil[index], Environment.TickCount64 + (long)RestAfterFailure.TotalMilliseconds);

    /// <summary>The server is down, refuses us, is still starting or shutting down: try elsewhere.</summary>
    private static bool IsUnreachable(Exception e) => e switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.TooManyConnections,
        NpgsqlException n => n.IsTransient,
        TimeoutException => true,
        _ => false,
    };
}
