using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Hosting;

/// <summary>Limits of reads anyone may ask for that cost the database far more than a page or a tile
/// (<c>SpatialHub:ExpensiveReads</c>): whole-dataset exports, and later static maps, analytics and CQL2 filters.</summary>
public sealed class ExpensiveReadSettings
{
    /// <summary>Expensive reads each client address (an IPv6 client: its /64) may start per minute; more get 429 with
    /// Retry-After.</summary>
    public int PermitsPerMinute { get; set; } = 30;

    /// <summary>PostgreSQL cancels a feature statement that runs longer than this (503 with Retry-After). It covers the
    /// whole statement, including the time an export's rows take to reach the client.</summary>
    public int StatementTimeoutSeconds { get; set; } = 60;

    public TimeSpan StatementTimeout => TimeSpan.FromSeconds(StatementTimeoutSeconds);
}

/// <summary>
/// One budget of expensive reads per client address, shared by every endpoint that declares it with
/// <see cref="RequireExpensiveReadBudget{TBuilder}"/>: a named rate-limiter policy (<see cref="PolicyName"/>) that counts
/// only the requests the endpoint calls expensive, so that cheap requests to the same route (a small page) stay free.
/// </summary>
public static class ExpensiveReads
{
    public const string PolicyName = "expensive-reads";

    /// <summary>Each request to the endpoint for which <paramref name="isExpensive"/> says yes (all of them when it is
    /// null) takes a permit from its client's budget.</summary>
    public static TBuilder RequireExpensiveReadBudget<TBuilder>(this TBuilder builder, Func<HttpContext, bool>? isExpensive = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(PolicyName).WithMetadata(new ExpensiveReadMetadata(isExpensive ?? (_ => true)));

    public static IServiceCollection AddExpensiveReadBudget(this IServiceCollection services) =>
        services.AddRateLimiter(limiter => limiter.AddPolicy<string, ExpensiveReadPolicy>(PolicyName));

    /// <summary>The client a budget belongs to: its address, or for IPv6 its /64 (one host usually holds a whole /64,
    /// so counting single addresses would give it billions of budgets).</summary>
    internal static string ClientKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? new IPNetwork(new IPAddress(address.GetAddressBytes()[..8].Concat(new byte[8]).ToArray()), 64).ToString()
            : address.ToString();
    }
}

/// <summary>Marks an endpoint as holding expensive reads; <see cref="IsExpensive"/> picks which of its requests are.</summary>
public sealed record ExpensiveReadMetadata(Func<HttpContext, bool> IsExpensive);

internal sealed class ExpensiveReadPolicy(IOptions<SpatialHubOptions> options) : IRateLimiterPolicy<string>
{
    private const string Cheap = "";

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (httpContext.GetEndpoint()?.Metadata.GetMetadata<ExpensiveReadMetadata>() is not { } metadata || !metadata.IsExpensive(httpContext))
        {
            return RateLimitPartition.GetNoLimiter(Cheap);
        }
        var permits = options.Value.ExpensiveReads.PermitsPerMinute;
        return RateLimitPartition.GetFixedWindowLimiter(ExpensiveReads.ClientKey(httpContext),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, _) =>
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many expensive reads",
            detail: $"At most {options.Value.ExpensiveReads.PermitsPerMinute} exports and other expensive reads a minute per client "
                + "(SpatialHub:ExpensiveReads:PermitsPerMinute); retry later, or ask for a smaller page.")
            .ExecuteAsync(rejected.HttpContext);
    };
}

/// <summary>A streamed query already run up to its first row: a refusal or statement timeout that comes before any row
/// is then still a problem response, not a cut-off body. Dispose it (it holds the query's connection) whether or not it
/// was enumerated.</summary>
public sealed class StartedRows<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    private readonly IAsyncEnumerator<T> _rows;
    private readonly bool _any;

    private StartedRows(IAsyncEnumerator<T> rows, bool any) => (_rows, _any) = (rows, any);

    public static async Task<StartedRows<T>> StartAsync(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        try
        {
            return new StartedRows<T>(enumerator, await enumerator.MoveNextAsync());
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
    }

    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (!_any)
        {
            yield break;
        }
        yield return _rows.Current;
        while (await _rows.MoveNextAsync())
        {
            yield return _rows.Current;
        }
    }

    public ValueTask DisposeAsync() => _rows.DisposeAsync();
}
