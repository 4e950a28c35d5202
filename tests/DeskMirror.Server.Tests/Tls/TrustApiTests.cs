using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;
using DeskMirror.Server.Tls;

namespace DeskMirror.Server.Tests.Tls;

/// <summary><c>GET /ca.crt</c> and <c>mirrorTls: required</c> on the real app server.</summary>
public sealed class TrustApiTests
{
    [Theory]
    [InlineData(RequestMode.Desktop)]
    [InlineData(RequestMode.Mirror)]
    public async Task CaCrt_WithoutCredentials_ServesTheAuthorityAsDer(RequestMode mode)
    {
        using var authority = CreateAuthority();
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { CertificateAuthority = authority });
        var anonymous = server.CreateClient(mode, authenticated: false);

        using var response = await anonymous.GetAsync(new Uri("/ca.crt", UriKind.Relative)).DefaultTimeout("GET /ca.crt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-x509-ca-cert", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(authority.RawData, await response.Content.ReadAsByteArrayAsync().DefaultTimeout("read the certificate"));
        Assert.Contains("DeskMirror-CA.crt", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MirrorTlsMode.Auto, "from a file its owner gave")]
    [InlineData(MirrorTlsMode.Off, "mirrorTls is off")]
    public async Task CaCrt_NoLocalAuthority_Is404WithAProblem(MirrorTlsMode tls, string detail)
    {
        using var authority = CreateAuthority();
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            MirrorTls = tls,
            CertificateAuthority = tls == MirrorTlsMode.Off ? authority : null,
        });

        using var response = await server.CreateClient(RequestMode.Mirror, authenticated: false).GetAsync(new Uri("/ca.crt", UriKind.Relative)).DefaultTimeout("GET /ca.crt");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains(detail, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/project?x=1")]
    [InlineData("/health")]
    [InlineData("/")]
    public async Task Required_PlainHttpOnTheMirror_RedirectsToTheSameHostOverHttps(string path)
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { MirrorTls = MirrorTlsMode.Required, AllowedHosts = ["studio.local"] });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Host = "studio.local:4096";

        using var response = await server.Mirror.SendAsync(request).DefaultTimeout($"GET {path}");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri($"https://studio.local:4096{path}"), response.Headers.Location);
    }

    [Theory]
    [InlineData("/ca.crt")]
    [InlineData("/CA.CRT")]
    [InlineData("/ca.crt/")]
    public async Task Required_TrustRoutes_StayOnPlainHttp(string path)
    {
        using var authority = CreateAuthority();
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { MirrorTls = MirrorTlsMode.Required, CertificateAuthority = authority });

        using var response = await server.CreateClient(RequestMode.Mirror, authenticated: false).GetAsync(new Uri(path, UriKind.Relative)).DefaultTimeout($"GET {path}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Required_DesktopListener_IsNeverRedirected()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { MirrorTls = MirrorTlsMode.Required });

        using var response = await server.Desktop.GetAsync(new Uri("/health", UriKind.Relative)).DefaultTimeout("GET /health on the desktop");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Auto_PlainHttpOnTheMirror_IsServed()
    {
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions { MirrorTls = MirrorTlsMode.Auto });

        using var response = await server.Mirror.GetAsync(new Uri("/health", UriKind.Relative)).DefaultTimeout("GET /health on the mirror");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static X509Certificate2 CreateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=DeskMirror test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority());
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadCertificate(withKey.RawData);
    }
}
