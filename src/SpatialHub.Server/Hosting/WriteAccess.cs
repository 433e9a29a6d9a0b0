using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SpatialHub.Server.Publishing;

namespace SpatialHub.Server.Hosting;

/// <summary>Requires a key in X-Api-Key for every write: the configured administrator key (compared in constant time;
/// with none configured it matches nothing) or a live publisher key, which may write only datasets matching its
/// patterns (403 otherwise). Refused keys are counted per client (<see cref="KeyFailureLimiter"/>) and logged
/// without the key.</summary>
internal sealed class ApiKeyFilter(IOptions<SpatialHubOptions> options, PublisherAuthentication publishers,
    KeyFailureLimiter failures, ILogger<ApiKeyFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var client = ExpensiveReads.ClientKey(http);
        if (!failures.MayTry(client))
        {
            http.Response.Headers.RetryAfter = "60";
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many refused keys",
                detail: $"More than {failures.PermitsPerMinute} refused keys a minute from this client; retry later.");
        }
        var expected = options.Value.ApiKey;
        var given = http.Request.Headers[HeaderName].ToString();
        var writer = !string.IsNullOrEmpty(expected) && FixedTimeEquals(expected, given)
            ? Writer.Admin
            : await publishers.AuthenticateAsync(given, http.RequestAborted);
        if (writer is null)
        {
            failures.Failed(client);
            logger.LogWarning("Refused a {Method} {Path} from {Client}: {Reason}", http.Request.Method, http.Request.Path, client,
                given.Length == 0 ? "no key" : "unknown, expired or revoked key");
            http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key required",
                detail: string.IsNullOrEmpty(expected) && given.Length == 0
                    ? "Writes are disabled: no SpatialHub:ApiKey is configured and no publisher key was sent."
                    : $"Send a valid API key in the {HeaderName} header.");
        }
        writer.AttachTo(http);
        if (await publishers.RefuseAsync(http, writer) is { } refused)
        {
            return refused;
        }
        return await next(context);
    }

    private static bool FixedTimeEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}

/// <summary>What every write endpoint requires: a rate limit per client address (checked first, so that guessing
/// keys is throttled too) and the API key.</summary>
internal static class WriteAccess
{
    public const string RateLimitPolicy = "writes";

    public static TBuilder RequireWriteAccess<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(RateLimitPolicy).AddEndpointFilter<TBuilder, ApiKeyFilter>();

    public static IServiceCollection AddWriteRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptions<SpatialHubOptions>>().Value.WritesPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                rejected.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many writes",
                    detail: $"At most {rejected.HttpContext.RequestServices.GetRequiredService<IOptions<SpatialHubOptions>>().Value.WritesPerMinute} writes a minute per client; retry later.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
}
