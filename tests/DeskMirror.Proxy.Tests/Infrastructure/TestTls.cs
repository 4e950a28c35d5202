using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeskMirror.Proxy.Tests.Infrastructure;

/// <summary>
/// A certificate authority made for one test and a server certificate it issued (ECDSA P-256, as DeskMirror's own),
/// served through <see cref="Source"/>; clients trust that authority only.
/// </summary>
internal sealed class TestTls : IDisposable
{
    public const string ServerName = "studio.test";

    private TestTls(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
        Source = new CertificateSource(SslStreamCertificateContext.Create(server, [authority], offline: true));
    }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    public CertificateSource Source { get; }

    /// <summary>An authority and a server certificate for <paramref name="names"/> (default <see cref="ServerName"/> and <c>localhost</c>) and 127.0.0.1.</summary>
    public static TestTls Create(params string[] names)
    {
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=DeskMirror proxy test CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return new TestTls(authority, Issue(authority, authorityKey, names.Length == 0 ? [ServerName, "localhost"] : names));
    }

    /// <summary>Another server certificate from the same authority.</summary>
    public X509Certificate2 IssueAnother(params string[] names)
    {
        using var key = Authority.GetECDsaPrivateKey()!;
        return Issue(Authority, key, names);
    }

    /// <summary>A TLS client over <paramref name="socket"/> that trusts the test authority only and checks the name.</summary>
    public async Task<SslStream> AuthenticateAsync(Socket socket, string targetHost = ServerName, SslApplicationProtocol? protocol = null)
    {
        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await stream.AuthenticateAsClientAsync(ClientOptions(targetHost, protocol)).DefaultTimeout($"TLS handshake as {targetHost}");
        return stream;
    }

    public SslClientAuthenticationOptions ClientOptions(string targetHost = ServerName, SslApplicationProtocol? protocol = null)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(Authority);
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            CertificateChainPolicy = policy,
            ApplicationProtocols = protocol is { } p ? [p] : [SslApplicationProtocol.Http11],
        };
    }

    /// <summary>
    /// A ClientHello that offers TLS 1.1 at most (as a client from before 2018 would), written out byte by byte: clients
    /// of this machine's OpenSSL refuse to send one. Record version 3.1, client version 3.2, two cipher suites, no extensions.
    /// </summary>
    public static byte[] Tls11ClientHello()
    {
        byte[] body =
        [
            0x03, 0x02, // client_version TLS 1.1
            .. RandomNumberGenerator.GetBytes(32), // random
            0x00, // no session id
            0x00, 0x04, 0xC0, 0x14, 0x00, 0x2F, // ECDHE-RSA-AES256-SHA, AES128-SHA
            0x01, 0x00, // null compression only
        ];
        byte[] handshake = [0x01, 0x00, 0x00, (byte)body.Length, .. body];
        return [0x16, 0x03, 0x01, 0x00, (byte)handshake.Length, .. handshake];
    }

    public void Dispose()
    {
        Server.Dispose();
        Authority.Dispose();
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, ECDsa authorityKey, string[] names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var alternative = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            alternative.AddDnsName(name);
        }

        alternative.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(alternative.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var generator = X509SignatureGenerator.CreateForECDsa(authorityKey);
        using var issued = request.Create(authority.SubjectName, generator, now.AddDays(-1), now.AddDays(10), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>A certificate source whose certificate a test can replace, as DeskMirror's own re-issues it.</summary>
    internal sealed class CertificateSource(SslStreamCertificateContext current) : IServerCertificateSource
    {
        private volatile SslStreamCertificateContext _current = current;

        public event EventHandler? Changed;

        public SslStreamCertificateContext Current => _current;

        public void Replace(X509Certificate2 certificate, X509Certificate2 authority)
        {
            _current = SslStreamCertificateContext.Create(certificate, [authority], offline: true);
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
