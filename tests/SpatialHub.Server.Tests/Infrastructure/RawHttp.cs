using System.Net.Sockets;
using System.Text;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>HTTP/1.1 over a plain socket, sending the request target byte for byte. HttpClient (System.Uri) would
/// normalise what hostile-input tests need to send as is: <c>%2e%2e%2f</c>, dot segments, invalid UTF-8.</summary>
public static class RawHttp
{
    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <param name="target">The request target as bytes (each char below 256 is one byte).</param>
    public static async Task<Response> SendAsync(
        Uri server, string method, string target, IReadOnlyDictionary<string, string>? headers = null, byte[]? body = null,
        CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        await using var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Connection: close\r\n");
        if (headers?.ContainsKey("Host") != true)
        {
            head.Append("Host: ").Append(server.Authority).Append("\r\n");
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        if (body is not null || method is "POST" or "PUT")
        {
            head.Append("Content-Length: ").Append(body?.Length ?? 0).Append("\r\n");
        }
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken);
        if (body is not null)
        {
            await stream.WriteAsync(body, cancellationToken);
        }
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cancellationToken);
        return Parse(received.ToArray());
    }

    private static Response Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = (headerEnd < 0 ? text : text[..headerEnd]).Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], System.Globalization.CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidOperationException($"Not an HTTP response: '{lines[0]}'");
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }
        return new Response(status, headers, headerEnd < 0 ? "" : text[(headerEnd + 4)..]);
    }
}
