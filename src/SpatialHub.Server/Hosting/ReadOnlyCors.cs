using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace SpatialHub.Server.Hosting;

/// <summary><c>SpatialHub:Cors</c>: which web origins may read the API from a browser.</summary>
public sealed class CorsSettings
{
    /// <summary>Origins (<c>https://maps.example.org</c>) allowed to read; empty: any origin (maps are embedded
    /// everywhere and everything readable is public). Writes are never open to another origin, whatever this says.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public static bool IsValidOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && !origin.EndsWith('/');
}

/// <summary>
/// The CORS policy: GET and HEAD from the allowed origins, and no policy at all (so no CORS headers, and a
/// browser refuses the call) for any other method or for a preflight asking for one. Deciding per request here,
/// rather than per endpoint, also covers preflights, which ASP.NET answers before it knows the write endpoint.
/// </summary>
internal sealed class ReadOnlyCorsPolicyProvider(IOptions<SpatialHubOptions> options) : ICorsPolicyProvider
{
    private readonly CorsPolicy _policy = Build(options.Value.Cors.AllowedOrigins);

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var request = context.Request;
        var method = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(CorsConstants.AccessControlRequestMethod)
            ? request.Headers[CorsConstants.AccessControlRequestMethod].ToString()
            : request.Method;
        return Task.FromResult(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? _policy : null);
    }

    private static CorsPolicy Build(string[] origins)
    {
        var policy = new CorsPolicyBuilder().WithMethods(HttpMethods.Get, HttpMethods.Head).AllowAnyHeader()
            .WithExposedHeaders("ETag", "Content-Encoding");
        return (origins.Length == 0 ? policy.AllowAnyOrigin() : policy.WithOrigins(origins)).Build();
    }
}
