using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// What the TLS connections of one proxy share: the handshake options for the certificate in force (rebuilt when
/// <see cref="IServerCertificateSource.Current"/> changes, read at every handshake), the cap on handshakes in
/// progress, and the throttles of their log lines.
/// </summary>
internal sealed class TlsTermination
{
    /// <summary>The first byte of a TLS record carrying a handshake message (ClientHello): content type 22.</summary>
    public const byte HandshakeRecord = 0x16;

    /// <summary>
    /// The only protocol spoken inside TLS: the app server behind the proxy is told so (PROXY header), and a client
    /// that offers only h2 is refused by ALPN rather than sent frames nobody reads.
    /// </summary>
    public static readonly SslApplicationProtocol Protocol = SslApplicationProtocol.Http11;

    /// <summary>TLS 1.2 and 1.3: every browser and HTTP library of the last decade; 1.0 and 1.1 are deprecated (RFC 8996).</summary>
#pragma warning disable CA5398 // The versions are fixed on purpose: the floor is the point, not the OS default.
    public const SslProtocols Versions = SslProtocols.Tls12 | SslProtocols.Tls13;
#pragma warning restore CA5398

    private readonly IServerCertificateSource _source;
    private readonly int _maxHandshakes;
    private volatile Selection? _selection;
    private int _handshakes;

    public TlsTermination(IServerCertificateSource source, int maxHandshakes, TimeProvider time, TimeSpan logInterval)
    {
        _source = source;
        _maxHandshakes = maxHandshakes;
        FailureLog = new LogThrottle(time, logInterval);
        RefusedLog = new LogThrottle(time, logInterval);
        UnknownNameLog = new LogThrottle(time, logInterval);
    }

    public LogThrottle FailureLog { get; }

    public LogThrottle RefusedLog { get; }

    public LogThrottle UnknownNameLog { get; }

    public int MaxHandshakes => _maxHandshakes;

    public int InProgress => Volatile.Read(ref _handshakes);

    /// <summary>Claims a handshake slot; false when <see cref="MaxHandshakes"/> are in progress.</summary>
    public bool TryEnterHandshake()
    {
        if (Interlocked.Increment(ref _handshakes) > _maxHandshakes)
        {
            Interlocked.Decrement(ref _handshakes);
            return false;
        }

        return true;
    }

    public void ExitHandshake() => Interlocked.Decrement(ref _handshakes);

    /// <summary>The options for the certificate the source holds now, and the names it is valid for.</summary>
    public Selection Current()
    {
        var context = _source.Current;
        var selection = _selection;
        if (selection is null || !ReferenceEquals(selection.Options.ServerCertificateContext, context))
        {
            // Two handshakes racing here both build one; either is right, the loser is collected.
            selection = new Selection(Options(context), new CertificateNames(context.TargetCertificate));
            _selection = selection;
        }

        return selection;
    }

    private static SslServerAuthenticationOptions Options(SslStreamCertificateContext context) => new()
    {
        ServerCertificateContext = context,
        ApplicationProtocols = [Protocol],
        EnabledSslProtocols = Versions,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        // Client-initiated renegotiation only ever served attacks (a handshake's CPU cost on demand, no new connection).
        AllowRenegotiation = false,
    };

    /// <summary>Handshake options for one certificate (shared by every handshake while it is in force) and its names.</summary>
    public sealed record Selection(SslServerAuthenticationOptions Options, CertificateNames Names);
}
