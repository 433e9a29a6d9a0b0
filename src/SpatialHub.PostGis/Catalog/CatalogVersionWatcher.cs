using System.Collections.Concurrent;
using Npgsql;

namespace SpatialHub.PostGis.Catalog;

/// <summary>
/// Keeps every dataset's current version in memory, learnt from the catalog's NOTIFY channel on a connection of its
/// own: LISTEN first, then read all versions, so no change falls between the two. While the connection is down the
/// watcher says so (<see cref="IsWatching"/> false) and callers ask the database instead; on reconnecting it reads
/// everything again. Used to serve version-named tile URLs with no database round trip, and to let every replica of
/// the service learn of an import through any other one at once.
/// </summary>
public sealed class CatalogVersionWatcher(Func<NpgsqlDataSource> dataSource)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, long> _versions = new(StringComparer.Ordinal);
    private volatile bool _watching;
    private long _generation;

    /// <summary>True while the listening connection is up and the versions in memory are complete.</summary>
    public bool IsWatching => _watching;

    /// <summary>Grows whenever any version changes or watching starts or stops: a caller that saw the same number
    /// before knows nothing changed since, without comparing versions.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The dataset's version as last announced; false when unknown or not watching.</summary>
    public bool TryGetVersion(string datasetId, out long version)
    {
        version = 0;
        return _watching && _versions.TryGetValue(datasetId, out version);
    }

    /// <summary>Every dataset's version as last announced; null when not watching.</summary>
    public IReadOnlyDictionary<string, long>? Snapshot()
    {
        if (!_watching)
        {
            return null;
        }
        var copy = new Dictionary<string, long>(_versions, StringComparer.Ordinal);
        return _watching ? copy : null;
    }

    /// <summary>Raised after a notification or an announcement changed a dataset's version (0: deleted), on the
    /// listening connection's thread: handlers must return at once.</summary>
    public event Action<string, long>? Changed;

    /// <summary>Applies a change this process made itself, without waiting for its own notification to come back.</summary>
    public void Announce(string datasetId, long version) => Apply(datasetId, version);

    private void Apply(string datasetId, long version)
    {
        if (version == CatalogNotifications.Deleted)
        {
            _versions.TryRemove(datasetId, out long _);
        }
        else
        {
            // Versions only grow; a late notification must not undo a newer one.
            _versions.AddOrUpdate(datasetId, version, (_, known) => Math.Max(known, version));
        }
        Interlocked.Increment(ref _generation);
        Changed?.Invoke(datasetId, version);
    }

    private void SetWatching(bool watching)
    {
        _watching = watching;
        Interlocked.Increment(ref _generation);
    }

    /// <summary>Listens until cancelled, reconnecting after failures.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                SetWatching(false);
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        SetWatching(false);
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource().OpenConnectionAsync(cancellationToken);
        connection.Notification += (_, notification) =>
        {
            if (CatalogNotifications.TryParse(notification.Payload, out string id, out long version))
            {
                Apply(id, version);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {CatalogNotifications.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        await ReadAllAsync(connection, cancellationToken);
        SetWatching(true);
        try
        {
            while (true)
            {
                await connection.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            SetWatching(false);
        }
    }

    private async Task ReadAllAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT id, version FROM spatialhub.datasets WHERE published", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var current = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            current[reader.GetString(0)] = reader.GetInt64(1);
        }
        foreach (var gone in _versions.Keys.Except(current.Keys))
        {
            _versions.TryRemove(gone, out long _);
        }
        foreach (var (id, version) in current)
        {
            _versions[id] = version;
        }
    }
}
