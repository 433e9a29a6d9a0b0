using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>The whole service on a real loopback port (Kestrel), for clients outside the test process (wrk, raw
/// sockets, a browser) and for what only a real server shows (request-line limits, connection handling).</summary>
public class LoopbackSpatialHubFactory : SpatialHubFactory
{
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The base URL without a trailing slash, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl => BaseUri.GetLeftPart(UriPartial.Authority);

    protected override void StartHost()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }
}
