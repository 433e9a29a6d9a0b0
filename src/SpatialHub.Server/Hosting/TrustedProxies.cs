using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SpatialHub.Server.Hosting;

/// <summary>Which senders' X-Forwarded-* headers count. Believing a sender lets it choose the address that rate limits
/// count and the host that links name, so none is trusted, not even loopback (any local process, or a proxy that
/// passes the client's own headers on), unless SpatialHub:TrustedProxies names it.</summary>
internal static class TrustedProxies
{
    public const string Anyone = "*";

    public static void Apply(IReadOnlyList<string> configured, ForwardedHeadersOptions forwarded)
    {
        if (configured.Count == 0)
        {
            // Not an empty list of known proxies: ASP.NET Core believes every sender when both lists are empty.
            forwarded.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        if (configured.Contains(Anyone))
        {
            return;
        }
        foreach (var entry in configured)
        {
            forwarded.KnownIPNetworks.Add(Parse(entry));
        }
    }

    public static bool IsValid(string entry) => entry == Anyone || System.Net.IPNetwork.TryParse(Normalise(entry), out _);

    private static System.Net.IPNetwork Parse(string entry) => System.Net.IPNetwork.Parse(Normalise(entry));

    /// <summary>A bare address is a network of one.</summary>
    private static string Normalise(string entry) =>
        entry.Contains('/', StringComparison.Ordinal) || !IPAddress.TryParse(entry, out var address)
            ? entry
            : $"{entry}/{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32)}";
}
