namespace SpatialHub.Server.Hosting;

internal static class HttpRequestExtensions
{
    /// <summary>Absolute base URL of the service as the client sees it (X-Forwarded-* applied by the middleware).</summary>
    public static string BaseUrl(this HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
