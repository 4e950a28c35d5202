using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DeskMirror.Proxy;

/// <summary>Settings of one <see cref="TcpMirrorProxy"/>. Validated when the proxy starts (every error at once).</summary>
public sealed class TcpMirrorProxyOptions
{
    /// <summary>Smallest accepted <see cref="BufferSize"/>: below it the syscall count per byte explodes.</summary>
    public const int MinBufferSize = 1024;

    /// <summary>Largest accepted <see cref="BufferSize"/>: the shared array pool keeps arrays up to this size.</summary>
    public const int MaxBufferSize = 1024 * 1024;

    /// <summary>
    /// File descriptors one proxied connection costs when the upstream lives in the same process: the client's
    /// socket, the upstream socket and the server's side of that upstream connection (Kestrel's accepted socket).
    /// A proxy in front of another process costs two; counting three keeps the same formula safe for both.
    /// </summary>
    public const int DescriptorsPerConnection = 3;

    /// <summary>Address the proxy listens on (IPv4 or IPv6, any address included). Port 0 picks a free port.</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>Endpoint every accepted connection is forwarded to: an <see cref="IPEndPoint"/> or a <see cref="DnsEndPoint"/>.</summary>
    public required EndPoint Upstream { get; init; }

    /// <summary>How long to wait for the upstream to accept a connection. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connections served at once; more are closed at once and counted. Default 10 000. The limit in force is
    /// the smaller of this and what the process's descriptor limit allows:
    /// <c>(RLIMIT_NOFILE − min(DescriptorReserve, RLIMIT_NOFILE / 2)) / 3</c>
    /// (see <see cref="DescriptorsPerConnection"/>), read when the proxy starts; <see cref="TcpMirrorProxy.ConnectionLimit"/>
    /// says which it was. So a flood can never take the descriptors the rest of the process needs.
    /// </summary>
    public int MaxConnections { get; init; } = 10_000;

    /// <summary>
    /// File descriptors left to the rest of the process (the runtime, the app server's own listeners and
    /// requests, sessions, files) when the connection limit is derived from the descriptor limit. Default 1024;
    /// at most half the descriptor limit is reserved. Too small a reserve lets a flood starve the runtime
    /// itself (it needs descriptors to start threads and load code), which ends the process.
    /// </summary>
    public int DescriptorReserve { get; init; } = 1024;

    /// <summary>
    /// Connections one client address may hold at once; more from that address are closed at once and counted,
    /// so one device cannot take the port. Default 256. IPv4 clients of a dual-mode listener count by their IPv4 address.
    /// </summary>
    public int MaxConnectionsPerAddress { get; init; } = 256;

    /// <summary>
    /// How long a client may stay connected without sending its first byte before the connection is reset.
    /// Default 30 s. <see cref="Timeout.InfiniteTimeSpan"/> turns it off (for protocols where the server speaks first).
    /// </summary>
    public TimeSpan FirstByteTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Once one direction has finished (its sender half-closed and the close was forwarded), how long the other
    /// direction may take to finish too before both sockets are reset, like HAProxy's <c>timeout client-fin</c>.
    /// Default 30 s. Without it a client that never closes its side after the server's keep-alive timeout keeps
    /// the connection (and the proxy's socket in FIN-WAIT-2) forever. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan HalfCloseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Send a PROXY protocol version 2 header (<see cref="ProxyProtocol.ProxyProtocolV2"/>) as the first bytes of every upstream
    /// connection, naming the client's address and port and the address it connected to. Default false. Turn it on
    /// only for an upstream that expects the header: any other server sees it as garbage at the start of the stream.
    /// </summary>
    public bool SendProxyProtocol { get; init; }

    /// <summary>
    /// Bytes per read in each direction, rented from the shared pool only while data flows. Default 64 KiB.
    /// An idle connection holds none whatever the size. Measured against 16 KiB on 2 cores: bulk throughput
    /// 0.75–0.84 vs 0.47–0.61 of direct (fewer syscalls per byte), small requests within noise
    /// (bench/RESULTS.md). Smaller values save memory only while many connections transfer at once.
    /// </summary>
    public int BufferSize { get; init; } = 64 * 1024;

    /// <summary>
    /// Where the certificate for TLS clients comes from; null (the default) serves plain TCP only. When set, the
    /// listener serves TLS and plain connections on the same port: it waits for each client's first byte (within
    /// <see cref="FirstByteTimeout"/>, which must then be finite) without consuming it; a TLS handshake record
    /// (0x16) is answered with a TLS handshake (TLS 1.2 or 1.3, ALPN <c>http/1.1</c>, the certificate
    /// <see cref="IServerCertificateSource.Current"/> holds at that moment) and the plaintext is forwarded;
    /// anything else is forwarded as it is. The upstream is connected only once the client has spoken (and, for
    /// TLS, finished its handshake), so its PROXY header can say whether the client used TLS.
    /// </summary>
    public IServerCertificateSource? ServerCertificate { get; init; }

    /// <summary>
    /// How long a client has, from its first byte, to finish the TLS handshake; then the connection is reset and
    /// counted. Default 10 s: a phone on a weak network needs a few round trips; a client that stalls holds a
    /// handshake slot (<see cref="MaxConcurrentTlsHandshakes"/>) no longer than this. Also bounds reading a plain
    /// request answered by <see cref="RedirectPlainHttp"/>.
    /// </summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// TLS handshakes in progress at once; a client that starts one beyond it is closed at once and counted. Default
    /// 64. Handshakes are the only costly thing a stranger can make the proxy do per connection (a signature and a key
    /// exchange, about a millisecond of CPU); the cap keeps a flood of them from queuing CPU work ahead of everything
    /// else in the process, while a phone's burst of parallel connections stays far below it.
    /// </summary>
    public int MaxConcurrentTlsHandshakes { get; init; } = 64;

    /// <summary>
    /// With <see cref="ServerCertificate"/>: plain HTTP is not forwarded; the proxy answers each plain connection's
    /// request itself with <c>307</c> to the same host, port, path and query over <c>https://</c> (or <c>400</c> when
    /// the request has no usable Host), and serves <see cref="AuthorityCertificate"/> at <c>/ca.crt</c>. For an
    /// upstream that cannot redirect by itself. Default false.
    /// </summary>
    public bool RedirectPlainHttp { get; init; }

    /// <summary>
    /// With <see cref="RedirectPlainHttp"/>: the certificate authority a device must trust, served in DER form at
    /// <c>GET /ca.crt</c> over plain HTTP (a device cannot trust what it has not installed yet). Null: <c>/ca.crt</c>
    /// is redirected like any other path.
    /// </summary>
    public X509Certificate2? AuthorityCertificate { get; init; }

    /// <summary>How long open connections may finish after a stop before they are aborted. Default 5 s.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// At most one log line per this interval for each kind of repeated failure (upstream down, limit reached,
    /// accept errors, timeouts); the lines in between are counted and the count is logged with the next one. Default 10 s.
    /// </summary>
    public TimeSpan FailureLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Every problem with these settings, each naming its option; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Listen is null)
        {
            errors.Add($"{nameof(Listen)} is required");
        }

        if (Upstream is null)
        {
            errors.Add($"{nameof(Upstream)} is required");
        }
        else if (Upstream is not IPEndPoint and not DnsEndPoint)
        {
            errors.Add($"{nameof(Upstream)} must be an IPEndPoint or a DnsEndPoint, not {Upstream.GetType().Name}");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(ConnectTimeout)} must be positive (is {ConnectTimeout})");
        }

        Positive(errors, nameof(MaxConnections), MaxConnections);
        Positive(errors, nameof(MaxConnectionsPerAddress), MaxConnectionsPerAddress);
        if (DescriptorReserve < 0)
        {
            errors.Add($"{nameof(DescriptorReserve)} must not be negative (is {DescriptorReserve})");
        }

        CheckTimeout(errors, nameof(FirstByteTimeout), FirstByteTimeout);
        CheckTimeout(errors, nameof(HalfCloseTimeout), HalfCloseTimeout);
        if (TlsHandshakeTimeout <= TimeSpan.Zero || TlsHandshakeTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"{nameof(TlsHandshakeTimeout)} must be above 0 and at most one day (is {TlsHandshakeTimeout})");
        }

        Positive(errors, nameof(MaxConcurrentTlsHandshakes), MaxConcurrentTlsHandshakes);
        if (ServerCertificate is not null && FirstByteTimeout == Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(FirstByteTimeout)} must be finite with a {nameof(ServerCertificate)}: the client's first byte tells TLS from plain");
        }

        if (RedirectPlainHttp && ServerCertificate is null)
        {
            errors.Add($"{nameof(RedirectPlainHttp)} needs a {nameof(ServerCertificate)}: plain HTTP is redirected to TLS on the same port");
        }

        if (AuthorityCertificate is not null && !RedirectPlainHttp)
        {
            errors.Add($"{nameof(AuthorityCertificate)} is served only with {nameof(RedirectPlainHttp)}");
        }

        if (BufferSize is < MinBufferSize or > MaxBufferSize)
        {
            errors.Add($"{nameof(BufferSize)} must be {MinBufferSize} to {MaxBufferSize} bytes (is {BufferSize})");
        }

        if (StopGrace < TimeSpan.Zero)
        {
            errors.Add($"{nameof(StopGrace)} must not be negative (is {StopGrace})");
        }

        if (FailureLogInterval < TimeSpan.Zero)
        {
            errors.Add($"{nameof(FailureLogInterval)} must not be negative (is {FailureLogInterval})");
        }

        return errors;
    }

    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid proxy options: {string.Join("; ", errors)}", "options");
        }
    }

    private static void Positive(List<string> errors, string name, int value)
    {
        if (value <= 0)
        {
            errors.Add($"{name} must be at least 1 (is {value})");
        }
    }

    private static void CheckTimeout(List<string> errors, string name, TimeSpan value)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1)))
        {
            errors.Add($"{name} must be above 0 and at most one day, or Timeout.InfiniteTimeSpan (is {value})");
        }
    }
}
