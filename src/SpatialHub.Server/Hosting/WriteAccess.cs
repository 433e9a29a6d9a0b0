using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Hosting;

/// <summary>Requires the configured API key in X-Api-Key for every write. Compared in constant time; with no
/// key configured, writes are refused rather than left open.</summary>
internal sealed class ApiKeyFilter(IOptions<SpatialHubOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = options.Value.ApiKey;
        var given = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(expected) || !FixedTimeEquals(expected, given))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{HeaderName}\"";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key required",
                detail: string.IsNullOrEmpty(expected)
                    ? "Writes are disabled: no SpatialHub:ApiKey is configured."
                    : $"Send the API key in the {HeaderName} header.");
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
