namespace DeskMirror.Proxy;

/// <summary>A snapshot of a proxy's live counters.</summary>
/// <param name="ActiveConnections">Connections open now.</param>
/// <param name="Accepted">Connections served since the start.</param>
/// <param name="RefusedByLimit">Connections closed at once because <see cref="TcpMirrorProxy.ConnectionLimit"/> were open.</param>
/// <param name="UpstreamFailures">Connections closed because the upstream refused or did not answer in time.</param>
/// <param name="BytesToUpstream">Bytes forwarded from clients to the upstream.</param>
/// <param name="BytesToClient">Bytes forwarded from the upstream to clients.</param>
/// <param name="RefusedByAddressLimit">Connections closed at once because their address held <see cref="TcpMirrorProxyOptions.MaxConnectionsPerAddress"/> already.</param>
/// <param name="TimedOut">Connections reset by <see cref="TcpMirrorProxyOptions.FirstByteTimeout"/>, <see cref="TcpMirrorProxyOptions.HalfCloseTimeout"/> or <see cref="TcpMirrorProxyOptions.TlsHandshakeTimeout"/>.</param>
/// <param name="TlsHandshakes">TLS handshakes completed.</param>
/// <param name="TlsHandshakeFailures">TLS handshakes that did not complete: an old protocol version, a malformed record, a client that refused the certificate or left, one that timed out.</param>
/// <param name="TlsHandshakesRefused">TLS clients closed at once because <see cref="TcpMirrorProxyOptions.MaxConcurrentTlsHandshakes"/> handshakes were in progress.</param>
/// <param name="TlsUnknownServerNames">TLS clients that asked (SNI) for a name the certificate does not hold; they were shown the certificate anyway.</param>
/// <param name="TlsHandshakesInProgress">TLS handshakes in progress now (at most <see cref="TcpMirrorProxyOptions.MaxConcurrentTlsHandshakes"/>).</param>
/// <param name="PlainHttpAnswered">Plain HTTP requests the proxy answered itself (<see cref="TcpMirrorProxyOptions.RedirectPlainHttp"/>).</param>
public sealed record ProxyCounters(
    long ActiveConnections,
    long Accepted,
    long RefusedByLimit,
    long UpstreamFailures,
    long BytesToUpstream,
    long BytesToClient,
    long RefusedByAddressLimit = 0,
    long TimedOut = 0,
    long TlsHandshakes = 0,
    long TlsHandshakeFailures = 0,
    long TlsHandshakesRefused = 0,
    long TlsUnknownServerNames = 0,
    long TlsHandshakesInProgress = 0,
    long PlainHttpAnswered = 0);
