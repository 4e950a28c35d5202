using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Tls;

namespace DeskMirror.Web.Tests;

/// <summary>The trust page, served by a real app server with the UI, without credentials, in the browser's language.</summary>
public sealed class TrustPageTests : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("deskmirror-trust-page-").FullName;
    private AppServer? _server;

    [Fact]
    public async Task Mirror_WithTheLocalAuthority_ShowsItsFingerprintInTheBrowsersLanguage_AndOffersHttps()
    {
        using var authority = CreateAuthority();
        var server = await StartAsync(MirrorTlsMode.Auto, authority);

        var (status, page) = await GetAsync(server.MirrorEndpoint, "de-DE,de;q=0.9", "studio.local:4096");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<html lang=\"de\"", page, StringComparison.Ordinal);
        Assert.Contains("Diesem DeskMirror vertrauen", page, StringComparison.Ordinal);
        Assert.Contains(CertificateFingerprint.Sha256(authority), page, StringComparison.Ordinal);
        Assert.Contains("href=\"https://studio.local:4096/\"", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/ca.crt\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Desktop_WithTheLocalAuthority_ShowsTheFingerprintWithoutAnHttpsLink()
    {
        using var authority = CreateAuthority();
        var server = await StartAsync(MirrorTlsMode.Auto, authority);

        var (status, page) = await GetAsync(server.DesktopEndpoint, "en", $"127.0.0.1:{server.DesktopEndpoint.Port}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(CertificateFingerprint.Sha256(authority), page, StringComparison.Ordinal);
        Assert.DoesNotContain("trust-open-https", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MirrorTlsMode.Auto, "trust-no-authority")]
    [InlineData(MirrorTlsMode.Off, "trust-off")]
    public async Task Mirror_WithoutTheLocalAuthority_SaysThereIsNothingToInstall(MirrorTlsMode mode, string marker)
    {
        var server = await StartAsync(mode, null);

        var (status, page) = await GetAsync(server.MirrorEndpoint, "en", "studio.local:4096");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(marker, page, StringComparison.Ordinal);
        Assert.DoesNotContain("trust-download", page, StringComparison.Ordinal);
    }

    private async Task<AppServer> StartAsync(MirrorTlsMode mode, X509Certificate2? authority)
    {
        _server = await AppServer.StartAsync(new AppServerOptions
        {
            DataDirectory = Path.Combine(_root, "data"),
            Credentials = new ServerCredentials("tester", "secret-for-tests"),
            MirrorTls = mode,
            CertificateAuthority = authority,
            // The name a phone uses in these tests; the mirror answers only to names it knows.
            AllowedHosts = ["studio.local"],
            ConfigureBuilder = builder => builder.AddDeskMirrorUi(),
            ConfigureApp = app => app.MapDeskMirrorUi(),
        }).DefaultTimeout("the app server with the UI");
        return _server;
    }

    private static async Task<(HttpStatusCode Status, string Page)> GetAsync(IPEndPoint listener, string language, string host)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listener.Port}/") };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("trust", UriKind.Relative));
        request.Headers.AcceptLanguage.ParseAdd(language);
        request.Headers.Host = host;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await client.SendAsync(request).DefaultTimeout("GET /trust");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static X509Certificate2 CreateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=DeskMirror test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority());
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadCertificate(withKey.RawData);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
