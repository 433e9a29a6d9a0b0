namespace SpatialHub.Server.Hosting;

/// <summary>Where configuration is read from, the same for <c>serve</c> and every CLI verb.</summary>
internal static class SpatialHubHostDefaults
{
    /// <summary>The content root: the executable's folder, where the build puts appsettings.json and wwwroot, so that the
    /// service finds them whatever folder it was started from (scripts/run.sh, <c>dotnet spatialhub.dll</c>, systemd).
    /// An explicit <c>--contentRoot</c> argument or a <c>DOTNET_CONTENTROOT</c>/<c>ASPNETCORE_CONTENTROOT</c> variable
    /// still wins (WebApplicationFactory passes the first). The data directory stays relative to the working directory.</summary>
    public static string? ContentRoot(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            ? null
            : AppContext.BaseDirectory;
}
