using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Hosting.Internal;
using DeskMirror.Server.Tls;
using DeskMirror.Server.Tls.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Tests.Tls;

/// <summary>
/// The redirect decides by <see cref="HttpRequest.IsHttps"/>, which Kestrel sets for a connection that carries TLS: here a
/// real TLS endpoint next to a plain one, both treated as mirror connections, in front of the same middleware.
/// </summary>
public sealed class HttpsRequiredTests
{
    [Fact]
    public async Task Required_RequestThatCameOverTls_IsServed_PlainOneIsRedirected()
    {
        using var certificate = CreateServerCertificate();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? plain = null;
        ListenOptions? tls = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => plain = listen);
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                tls = listen;
                listen.UseHttps(certificate);
            });
        });
        // No desktop port: every connection is a mirror connection, as through the proxy.
        builder.Services.AddSingleton(new ListenerPorts());
        builder.Services.AddSingleton(new AppServerOptions
        {
            DataDirectory = Path.GetTempPath(),
            Credentials = new ServerCredentials("u", "p"),
            MirrorTls = MirrorTlsMode.Required,
        });
        await using var app = builder.Build();
        app.UseMiddleware<HttpsRequiredMiddleware>();
        app.MapGet("/health", () => "served");
        await app.StartAsync().DefaultTimeout("the endpoints to start");

        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString() },
        });
        using var overTls = await client.GetAsync(new Uri($"https://localhost:{tls!.IPEndPoint!.Port}/health")).DefaultTimeout("GET over TLS");
        using var overPlain = await client.GetAsync(new Uri($"http://localhost:{plain!.IPEndPoint!.Port}/health")).DefaultTimeout("GET over plain HTTP");

        Assert.Equal(HttpStatusCode.OK, overTls.StatusCode);
        Assert.Equal("served", await overTls.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TemporaryRedirect, overPlain.StatusCode);
        Assert.Equal(new Uri($"https://localhost:{plain.IPEndPoint.Port}/health"), overPlain.Headers.Location);
    }

    private static X509Certificate2 CreateServerCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
