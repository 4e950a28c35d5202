namespace DeskMirror.Proxy;

/// <summary>A snapshot of a proxy's live counters.</summary>
/// <param name="ActiveConnections">Connections open now.</param>
/// <param name="Accepted">Connections served since the start.</param>
/// <param name="RefusedByLimit">Connections closed at once because <see cref="TcpMirrorProxy.ConnectionLimit"/> were open.</param>
/// <param name="UpstreamFailures">Connections closed because the upstream refused or did not answer in time.</param>
/// <param name="BytesToUpstream">Bytes forwarded from clients to the upstream.</param>
/// <param name="BytesToClient">Bytes forwarded from the upstream to clients.</param>
/// <param name="RefusedByAddressLimit">Connections closed at once because their address held <see cref="TcpMirrorProxyOptions.MaxConnectionsPerAddress"/> already.</param>
/// <param name="TimedOut">Connections reset by <see cref="TcpMirrorProxyOptions.FirstByteTimeout"/> or <see cref="TcpMirrorProxyOptions.HalfCloseTimeout"/>.</param>
public sealed record ProxyCounters(
    long ActiveConnections,
    long Accepted,
    long RefusedByLimit,
    long UpstreamFailures,
    long BytesToUpstream,
    long BytesToClient,
    long RefusedByAddressLimit = 0,
    long TimedOut = 0);
