using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace SpatialHub.Server.MapClient;

/// <summary>Where the Blazor WebAssembly demo's published files are (SpatialHub:DotnetClient).</summary>
public sealed class DotnetClientOptions
{
    public const string Section = "SpatialHub:DotnetClient";

    /// <summary>The published app (index.html, _framework/, _content/); relative paths start at the executable's
    /// folder, where the build puts it (dotnet/).</summary>
    public string? Directory { get; set; }

    public string ResolvedDirectory => Path.GetFullPath(string.IsNullOrWhiteSpace(Directory) ? "dotnet" : Directory, AppContext.BaseDirectory);
}

/// <summary>
/// <c>/dotnet</c>: the Blazor WebAssembly demo of &lt;SpatialHubMap&gt;, published by the build with a .br and .gz copy
/// of every file. Brotli goes to clients that accept it; <c>_framework/</c> names carry a content hash, so they are
/// cached for a year as immutable; other files revalidate by ETag. The page's CSP (<see cref="PageSecurityHeaders"/>)
/// allows WebAssembly compilation here only.
/// </summary>
public static partial class DotnetClientEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapDotnetClient(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(PageSecurityHeaders.DotnetPath).WithTags("Map client").ExcludeFromDescription();
        group.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], Serve);
        return app;
    }

    private static Results<PhysicalFileHttpResult, NotFound, RedirectHttpResult> Serve(string? path, HttpContext context, IOptions<DotnetClientOptions> options)
    {
        if (string.IsNullOrEmpty(path) && context.Request.Path.Value?.EndsWith('/') != true)
        {
            // The app's <base href> is /dotnet/: relative URLs resolve only from there.
            return TypedResults.Redirect(PageSecurityHeaders.DotnetPath + "/");
        }
        var files = new PhysicalFileProvider(options.Value.ResolvedDirectory);
        path = string.IsNullOrEmpty(path) ? "index.html" : path;
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || path.EndsWith(".br", StringComparison.Ordinal) || path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return TypedResults.NotFound();
        }
        var contentType = ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
        var headers = context.Response.Headers;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.CacheControl = path.StartsWith("_framework/", StringComparison.Ordinal) && path != "_framework/blazor.boot.json"
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        foreach (var (suffix, encoding) in new[] { (".br", "br"), (".gz", "gzip") })
        {
            var compressed = files.GetFileInfo(path + suffix);
            if (compressed.Exists && AcceptsEncoding(context.Request, encoding))
            {
                headers.ContentEncoding = encoding;
                return PhysicalFile(compressed, contentType);
            }
        }
        return PhysicalFile(file, contentType);
    }

    /// <summary>" 'sha256-…'" of the page's inline import map, which the publish fills in (it maps dotnet.js to its
    /// fingerprinted name); empty when there is no page. A hash, not 'unsafe-inline': no other inline script runs.</summary>
    public static string ImportMapSource(DotnetClientOptions? options)
    {
        var index = Path.Combine((options ?? new DotnetClientOptions()).ResolvedDirectory, "index.html");
        if (!File.Exists(index) || ImportMap().Match(File.ReadAllText(index)) is not { Success: true } map)
        {
            return "";
        }
        return $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map.Groups[1].Value)))}'";
    }

    [GeneratedRegex("""<script type="importmap">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex ImportMap();

    private static PhysicalFileHttpResult PhysicalFile(IFileInfo file, string contentType) =>
        TypedResults.PhysicalFile(file.PhysicalPath!, contentType, lastModified: file.LastModified,
            entityTag: new EntityTagHeaderValue($"\"{file.LastModified.ToUnixTimeMilliseconds():x}-{file.Length:x}\""));

    private static bool AcceptsEncoding(HttpRequest request, string encoding) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);
}
