using System.Threading.RateLimiting;
using SpatialHub.Core.Publishing;

namespace SpatialHub.Server.Publishing;

/// <summary>Who a write comes from: the administrator (the SpatialHub:ApiKey, every dataset) or a publisher (its
/// dataset patterns).</summary>
public sealed record Writer(string Name, PublisherScope? Scope)
{
    public const string AdminName = "admin";
    private static readonly object ItemKey = new();

    public static readonly Writer Admin = new(AdminName, null);

    public bool IsAdmin => Scope is null;

    public bool MayWrite(string datasetId) => Scope?.Allows(datasetId) ?? true;

    /// <summary>The writer the key filter found for this request; null before it ran or when it refused.</summary>
    public static Writer? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var writer) ? writer as Writer : null;

    internal void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}

/// <summary>Marks endpoints only the administrator key may use (the audit trail).</summary>
internal sealed class AdminOnlyMetadata;

/// <summary>Counts refused keys per client address (IPv6: per /64): after SpatialHub:FailedKeysPerMinute in a minute,
/// every write from that client is 429 until the minute ends, whatever key it sends, so keys cannot be guessed
/// faster than that even within the general write budget.</summary>
public sealed class KeyFailureLimiter(Microsoft.Extensions.Options.IOptions<Hosting.SpatialHubOptions> options) : IDisposable
{
    public int PermitsPerMinute { get; } = options.Value.FailedKeysPerMinute;

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedKeysPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    /// <summary>True while the client has failures left this minute (asking for no permit takes none).</summary>
    public bool MayTry(string client)
    {
        using var lease = _limiter.AttemptAcquire(client, 0);
        return lease.IsAcquired;
    }

    public void Failed(string client)
    {
        using var lease = _limiter.AttemptAcquire(client, 1);
    }

    public void Dispose() => _limiter.Dispose();
}
