using System.Net;

namespace DeskMirror.Proxy;

/// <summary>Settings of one <see cref="TcpMirrorProxy"/>.</summary>
public sealed class TcpMirrorProxyOptions
{
    /// <summary>Address the proxy listens on (IPv4 or IPv6, any address included).</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>Endpoint every accepted connection is forwarded to.</summary>
    public required EndPoint Upstream { get; init; }

    /// <summary>How long to wait for the upstream to accept a connection. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections served at once; more are closed at once and counted. Default 10 000.</summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>Bytes per read in each direction. Default 16 KiB.</summary>
    public int BufferSize { get; init; } = 16 * 1024;

    /// <summary>How long open connections may finish after a stop before they are aborted. Default 5 s.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(5);
}
