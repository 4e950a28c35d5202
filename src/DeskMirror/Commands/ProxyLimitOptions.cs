using System.CommandLine;
using System.Globalization;
using System.Net;
using DeskMirror.Cli;
using DeskMirror.Proxy;

namespace DeskMirror.Commands;

/// <summary>
/// The proxy's limits, timeouts and PROXY protocol flag, shared by <c>deskmirror proxy</c> and <c>deskmirror mirror</c>.
/// Values are read as text and checked here, so every bad value gets one line naming the flag and exit code 2.
/// Each <see cref="Create"/> makes new option instances, one set per command.
/// </summary>
internal sealed class ProxyLimitOptions
{
    /// <summary>How long a stopping command's proxy (and the desktop's) gives open connections to finish.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(1);

    private static readonly TcpMirrorProxyOptions Defaults = new() { Listen = new IPEndPoint(IPAddress.Loopback, 0), Upstream = new IPEndPoint(IPAddress.Loopback, 1) };

    private ProxyLimitOptions()
    {
    }

    public Option<string> MaxConnections { get; } = Text("--max-connections", "N",
        $"Connections served at once; more are closed at once and counted (default {Defaults.MaxConnections}, lowered to what the descriptor limit allows)");

    public Option<string> MaxConnectionsPerAddress { get; } = Text("--max-connections-per-address", "N",
        $"Connections one client address may hold at once (default {Defaults.MaxConnectionsPerAddress})");

    public Option<string> DescriptorReserve { get; } = Text("--descriptor-reserve", "N",
        $"File descriptors kept for the rest of the process when the connection limit is derived from the descriptor limit (default {Defaults.DescriptorReserve})");

    public Option<string> FirstByteTimeout { get; } = Text("--first-byte-timeout", "SECONDS",
        $"Reset a connection whose client sends nothing for this long after connecting; 0 for none (default {Defaults.FirstByteTimeout.TotalSeconds})");

    public Option<string> HalfCloseTimeout { get; } = Text("--half-close-timeout", "SECONDS",
        $"Once one side has closed, reset the connection when the other stays silent this long; 0 for none (default {Defaults.HalfCloseTimeout.TotalSeconds})");

    public Option<string> TlsHandshakeTimeout { get; } = Text("--tls-handshake-timeout", "SECONDS",
        $"With TLS: seconds a client has, from its first byte, to finish the TLS handshake (default {Defaults.TlsHandshakeTimeout.TotalSeconds})");

    public Option<bool> ProxyProtocol { get; } = new("--proxy-protocol")
    {
        Description = "Send a PROXY protocol v2 header naming the client first on every upstream connection (only for an upstream that expects it)",
    };

    public static ProxyLimitOptions Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(MaxConnections);
        command.Options.Add(MaxConnectionsPerAddress);
        command.Options.Add(DescriptorReserve);
        command.Options.Add(FirstByteTimeout);
        command.Options.Add(HalfCloseTimeout);
        command.Options.Add(TlsHandshakeTimeout);
        command.Options.Add(ProxyProtocol);
    }

    /// <summary>Proxy options from these flags; throws <see cref="UsageException"/> naming the first bad flag.</summary>
    /// <param name="text">The text given for an option (ParseResult.GetValue or CommandResult.GetValue).</param>
    /// <param name="sendProxyProtocol">The value of <see cref="ProxyProtocol"/>.</param>
    /// <param name="listen">Listen address.</param>
    /// <param name="upstream">Upstream endpoint.</param>
    /// <param name="connectTimeout">Upstream connect timeout.</param>
    /// <param name="tls">TLS on the listener; null for plain TCP only.</param>
    public TcpMirrorProxyOptions Read(
        Func<Option<string>, string?> text, bool sendProxyProtocol, IPEndPoint listen, EndPoint upstream, TimeSpan connectTimeout, ProxyTls? tls = null)
    {
        var options = new TcpMirrorProxyOptions
        {
            Listen = listen,
            Upstream = upstream,
            ConnectTimeout = connectTimeout,
            StopGrace = StopGrace,
            MaxConnections = OptionValues.PositiveInt(text(MaxConnections), "--max-connections", Defaults.MaxConnections),
            MaxConnectionsPerAddress = OptionValues.PositiveInt(text(MaxConnectionsPerAddress), "--max-connections-per-address", Defaults.MaxConnectionsPerAddress),
            DescriptorReserve = OptionValues.NonNegativeInt(text(DescriptorReserve), "--descriptor-reserve", Defaults.DescriptorReserve),
            FirstByteTimeout = OptionValues.TimeoutSeconds(text(FirstByteTimeout), "--first-byte-timeout", Defaults.FirstByteTimeout),
            HalfCloseTimeout = OptionValues.TimeoutSeconds(text(HalfCloseTimeout), "--half-close-timeout", Defaults.HalfCloseTimeout),
            TlsHandshakeTimeout = OptionValues.PositiveSeconds(text(TlsHandshakeTimeout), "--tls-handshake-timeout", Defaults.TlsHandshakeTimeout),
            SendProxyProtocol = sendProxyProtocol,
            ServerCertificate = tls?.Certificate,
            RedirectPlainHttp = tls?.RedirectPlainHttp ?? false,
            AuthorityCertificate = tls is { RedirectPlainHttp: true } ? tls.Authority : null,
        };
        if (tls is not null && options.FirstByteTimeout == Timeout.InfiniteTimeSpan)
        {
            throw new UsageException("--first-byte-timeout 0 cannot go with TLS: the client's first byte tells TLS from plain HTTP; give a number of seconds");
        }

        return options;
    }

    /// <summary>One line with the limits in force, e.g. <c>limits: 6325 connections (descriptor limit 20000), 256 per address; …</c>.</summary>
    public static string Describe(TcpMirrorProxy proxy, TcpMirrorProxyOptions options)
    {
        var descriptors = DescriptorLimit.Current is { } limit ? string.Create(CultureInfo.InvariantCulture, $" (descriptor limit {limit})") : "";
        var tls = options.ServerCertificate is null
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $"; TLS: handshake timeout {Seconds(options.TlsHandshakeTimeout)}, {options.MaxConcurrentTlsHandshakes} handshakes at once")
                + (options.RedirectPlainHttp ? ", plain HTTP redirected to https" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"limits: {proxy.ConnectionLimit} connections{descriptors}, {options.MaxConnectionsPerAddress} per address; " +
            $"timeouts: first byte {Seconds(options.FirstByteTimeout)}, half-close {Seconds(options.HalfCloseTimeout)}; " +
            $"PROXY v2 header {(options.SendProxyProtocol ? "on" : "off")}{tls}");
    }

    /// <summary>The TLS counters for the final line, when TLS was on: <c>, 12 TLS handshakes (1 failed, 0 refused)</c>.</summary>
    public static string DescribeTls(ProxyCounters counters, TcpMirrorProxyOptions options) => options.ServerCertificate is null
        ? ""
        : string.Create(CultureInfo.InvariantCulture,
            $", {counters.TlsHandshakes} TLS handshakes ({counters.TlsHandshakeFailures} failed, {counters.TlsHandshakesRefused} refused at the cap, {counters.TlsUnknownServerNames} for a name the certificate lacks)");

    private static string Seconds(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? "none" : string.Create(CultureInfo.InvariantCulture, $"{timeout.TotalSeconds:0.###} s");

    private static Option<string> Text(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.ZeroOrOne,
    };
}
