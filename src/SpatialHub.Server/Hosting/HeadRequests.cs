namespace SpatialHub.Server.Hosting;

/// <summary>
/// HEAD for every GET route. GDAL's remote reader, caches and link checkers send HEAD before GET; minimal APIs match
/// only the methods an endpoint declares, so HEAD got 405 everywhere. A HEAD request is routed as GET, then runs the
/// GET handler as HEAD again: the handler sets exactly the headers a GET gets (status, type, length, ETag, caching,
/// CORS), and the server sends no body (Kestrel discards body writes on HEAD; elsewhere the body is swallowed here).
/// </summary>
public static class HeadRequests
{
    private static readonly object RoutedAsGet = new();

    /// <summary>Adds routing itself (explicitly, so that this runs before route matching); call it where routing
    /// belongs in the pipeline, before CORS and rate limiting.</summary>
    public static WebApplication UseRoutingWithHead(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
                context.Items[RoutedAsGet] = true;
            }
            return next(context);
        });
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            if (!context.Items.ContainsKey(RoutedAsGet))
            {
                await next(context);
                return;
            }
            context.Request.Method = HttpMethods.Head;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
            }
        });
        return app;
    }
}
