using System.Security.Cryptography;
using System.Text;
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

internal static class ApiKeyFilterExtensions
{
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, ApiKeyFilter>();
}
