using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SpatialHub.Server.Hosting;

/// <summary>Which senders' X-Forwarded-* headers count. Believing every sender would let any client choose the
/// address the write rate limit counts, so only loopback is trusted unless SpatialHub:TrustedProxies says more.</summary>
internal static class TrustedProxies
{
    public const string Anyone = "*";

    public static void Apply(IReadOnlyList<string> configured, ForwardedHeadersOptions forwarded)
    {
        if (configured.Count == 0)
        {
            return; // ASP.NET Core's defaults: 127.0.0.0/8 and ::1
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
