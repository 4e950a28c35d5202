using System.Globalization;
using System.Net;

namespace DeskMirror.Cli;

/// <summary>
/// Reads <c>HOST:PORT</c> from the command line: <c>127.0.0.1:80</c>, <c>0.0.0.0:4096</c>, <c>[::]:4096</c>,
/// <c>[::1]:80</c>, <c>localhost:80</c>. An IP literal gives an <see cref="IPEndPoint"/>, a name a <see cref="DnsEndPoint"/>.
/// </summary>
internal static class EndpointParser
{
    /// <summary>Parses or throws a <see cref="UsageException"/> whose message names <paramref name="what"/> and the bad text.</summary>
    /// <param name="text">The argument as typed.</param>
    /// <param name="what">What the address is for, e.g. "--listen".</param>
    /// <param name="allowPortZero">True where port 0 means "any free port" (a listen address).</param>
    public static EndPoint Parse(string? text, string what, bool allowPortZero)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UsageException($"{what} needs an address HOST:PORT, e.g. 127.0.0.1:8080");
        }

        text = text.Trim();
        string host;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                throw new UsageException($"{what} '{text}' is not HOST:PORT; an IPv6 address is written [ADDRESS]:PORT, e.g. [::]:4096");
            }

            host = text[1..close];
            portText = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                throw new UsageException($"{what} '{text}': '{host}' is not an IPv6 address");
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                throw new UsageException($"{what} '{text}' has no port; write HOST:PORT, e.g. {text}:8080");
            }

            host = text[..colon];
            portText = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                throw new UsageException($"{what} '{text}': write an IPv6 address in brackets, e.g. [{host}]:{portText}");
            }
        }

        var port = ParsePort(portText, text, what, allowPortZero);
        if (host.Length == 0)
        {
            throw new UsageException($"{what} '{text}' has no host; write e.g. 0.0.0.0:{port} for every interface");
        }

        // IPAddress.TryParse takes legacy forms like "1.2.3" (= 1.2.0.3); someone who typed that made a typo.
        var looksLikeIPv4 = host.All(c => char.IsAsciiDigit(c) || c == '.');
        if (looksLikeIPv4 && (host.Split('.').Length != 4 || !IPAddress.TryParse(host, out _)))
        {
            throw new UsageException($"{what} '{text}': '{host}' is not an IPv4 address (four numbers 0-255 separated by dots)");
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
        {
            throw new UsageException($"{what} '{text}': '{host}' is neither an IP address nor a host name");
        }

        return new DnsEndPoint(host, port);
    }

    /// <summary>
    /// An address to bind: IP literals as they are; a host name (e.g. localhost) resolved, IPv4 first.
    /// Throws a <see cref="UsageException"/> when the name does not resolve.
    /// </summary>
    public static async Task<IPEndPoint> ResolveListenAsync(EndPoint endpoint, string what, CancellationToken cancellationToken)
    {
        if (endpoint is IPEndPoint ip)
        {
            return ip;
        }

        var dns = (DnsEndPoint)endpoint;
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(dns.Host, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new UsageException($"{what} '{dns.Host}:{dns.Port}': cannot resolve '{dns.Host}' ({e.Message})");
        }

        var chosen = addresses.OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
            ?? throw new UsageException($"{what} '{dns.Host}:{dns.Port}': '{dns.Host}' has no address");
        return new IPEndPoint(chosen, dns.Port);
    }

    private static int ParsePort(string portText, string text, string what, bool allowPortZero)
    {
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new UsageException($"{what} '{text}': port '{portText}' is not a number");
        }

        var min = allowPortZero ? 0 : 1;
        if (port < min || port > IPEndPoint.MaxPort)
        {
            throw new UsageException($"{what} '{text}': port {port} is out of range {min}-{IPEndPoint.MaxPort}");
        }

        return port;
    }
}
