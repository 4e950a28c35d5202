using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeskMirror.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Tests.Tls;

/// <summary>Helpers for the TLS tests: an identity with documentation addresses, user PEM files, a tiny Kestrel HTTPS endpoint and a client that trusts only one CA.</summary>
internal static class TestCertificates
{
    /// <summary>A LAN address from the documentation range: never dialled, the client connects to loopback whatever the URL says.</summary>
    public static readonly IPAddress LanAddress = IPAddress.Parse("192.0.2.10");

    public static ServerIdentity Identity(params IPAddress[] addresses) => ServerIdentity.From("studio", addresses.Length == 0 ? [LanAddress] : addresses);

    public static TlsOptions LocalAuthorityOptions(string dataDirectory, Func<ServerIdentity>? identity = null, TimeProvider? time = null) => new()
    {
        DataDirectory = dataDirectory,
        Identity = identity ?? (() => Identity()),
        TimeProvider = time ?? TimeProvider.System,
    };

    public static MirrorCertificates Create(TlsOptions options, List<string>? notes = null)
    {
        var setup = MirrorCertificates.Create(options, NullLogger.Instance);
        notes?.AddRange(setup.Notes);
        return setup.Certificates ?? throw new InvalidOperationException(setup.Error);
    }

    /// <summary>Writes a self-signed server certificate and its key as PEM files; RSA or EC.</summary>
    public static (string Certificate, string Key) WriteUserPair(TempFolder folder, string name, bool rsa, DateTimeOffset? notAfter = null)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = rsa
            ? new CertificateRequest($"CN={name}", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={name}", (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        var end = notAfter ?? DateTimeOffset.UtcNow.AddDays(30);
        using var certificate = request.CreateSelfSigned(end.AddDays(-60), end);
        var certificatePath = folder.Combine(name + ".crt");
        var keyPath = folder.Combine(name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (certificatePath, keyPath);
    }

    /// <summary>A Kestrel HTTPS endpoint on 127.0.0.1 presenting <paramref name="source"/>'s current certificate at each handshake.</summary>
    public static async Task<WebApplication> StartHttpsAsync(MirrorCertificates source)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => source.Certificate)));
        var app = builder.Build();
        app.MapGet("/", () => Results.Text("<!DOCTYPE html><title>tls</title><p>secure?</p>", "text/html"));
        await app.StartAsync().DefaultTimeout("the HTTPS endpoint to start");
        return app;
    }

    public static int PortOf(WebApplication app) => new Uri(app.Urls.First()).Port;

    /// <summary>
    /// A client that trusts only <paramref name="authority"/> (no system roots) and connects to 127.0.0.1:<paramref name="port"/>
    /// whatever host the URL names, so a LAN address is validated without a packet leaving the machine.
    /// </summary>
    public static HttpClient ClientTrusting(X509Certificate2? authority, int port, bool allowRedirects = true)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = allowRedirects,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        if (authority is not null)
        {
            policy.CustomTrustStore.Add(authority);
        }

        handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public static string Pem(string label, byte[] data) => new(PemEncoding.Write(label, data));

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
