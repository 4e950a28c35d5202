using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using DeskMirror.Server.Tls;
using DeskMirror.Tests.Infrastructure;
using DeskMirror.Tests.Tls;

namespace DeskMirror.Tests.Lifecycle;

/// <summary>The desktop as a real child process: its local authority, /ca.crt and /trust on both listeners, the status lines, mirrorTls.</summary>
public sealed class DesktopTlsTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public async Task FirstStart_MakesTheAuthority_ServesItOnBothListenersWithoutCredentials_AndShowsItsFingerprint()
    {
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused());
        var authorityFile = Path.Combine(desktop.DataDirectory, "tls", "ca.crt");
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(authorityFile));
        var fingerprint = CertificateFingerprint.Sha256(authority);
        var output = desktop.Process.Output;

        Assert.Contains($"note: created DeskMirror's local certificate authority in {Path.GetDirectoryName(authorityFile)} (SHA-256 {fingerprint})", output, StringComparison.Ordinal);
        Assert.Contains("HTTPS:     on (the mirror port speaks TLS and plain HTTP)", output, StringComparison.Ordinal);
        Assert.Contains($"CA:        DeskMirror local CA, SHA-256 {fingerprint}", output, StringComparison.Ordinal);
        Assert.Contains("/trust   (open on a phone once to install the CA)", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n').Where(l => l.StartsWith("LAN:       ", StringComparison.Ordinal) && !l.Contains("no LAN address", StringComparison.Ordinal)),
            line => Assert.StartsWith("LAN:       https://", line, StringComparison.Ordinal));
        Assert.Contains(output.Split('\n'), l => l.Contains("/auth/pair?token=", StringComparison.Ordinal) && l.StartsWith("https://", StringComparison.Ordinal));

        foreach (var port in new[] { desktop.Port, desktop.State.DesktopPort })
        {
            using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            using var certificate = await anonymous.GetAsync(new Uri("ca.crt", UriKind.Relative)).DefaultTimeout($"GET /ca.crt on port {port}");
            Assert.Equal(HttpStatusCode.OK, certificate.StatusCode);
            Assert.Equal(TrustApi.CertificateContentType, certificate.Content.Headers.ContentType!.MediaType);
            Assert.Equal(authority.RawData, await certificate.Content.ReadAsByteArrayAsync());
            var page = await anonymous.GetStringAsync(new Uri("trust", UriKind.Relative)).DefaultTimeout($"GET /trust on port {port}");
            Assert.Contains(fingerprint, page, StringComparison.Ordinal);
        }

        using var status = DeskMirrorCli.Start(_home.Path, ["status", "--data-dir", desktop.DataDirectory]);
        Assert.Equal(0, await status.WaitForExitAsync("deskmirror status"));
        Assert.Contains($"CA:        DeskMirror local CA, SHA-256 {fingerprint}", status.Output, StringComparison.Ordinal);

        using var api = DesktopInstance.Client(desktop.State.DesktopPort);
        var mirrorStatus = await api.GetFromJsonAsync<JsonObject>("mirror/status").DefaultTimeout("GET /mirror/status");
        Assert.Equal(fingerprint, mirrorStatus!["tls"]!["authorityFingerprint"]!.GetValue<string>());
        Assert.Equal("auto", mirrorStatus["tls"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public async Task MirrorPort_HttpsToAClientTrustingOnlyTheAuthority_ThroughTheProxyToTheAppServer_AndPlainStillServes()
    {
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused(), "--bind", "127.0.0.1", "--no-mdns");
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(desktop.DataDirectory, "tls", "ca.crt")));
        using var https = TestCertificates.ClientTrusting(authority, desktop.Port);
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var overTls = await https.GetFromJsonAsync<JsonObject>(new Uri($"https://localhost:{desktop.Port}/health")).DefaultTimeout("GET /health over https");
        var overPlain = await plain.GetFromJsonAsync<JsonObject>(new Uri($"http://127.0.0.1:{desktop.Port}/health")).DefaultTimeout("GET /health over plain HTTP");

        Assert.True(overTls!["ok"]!.GetValue<bool>());
        Assert.True(overPlain!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task MirrorPort_PresentsACertificateNamingEveryAddressOfTheMachine_AndItsDotLocalName()
    {
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused(), "--bind", "127.0.0.1", "--no-mdns");
        // Read here from the interfaces, not through the product's own address finder.
        var expected = NetworkInterface.GetAllNetworkInterfaces()
            .Where(nic => nic.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown)
            .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
            .Select(unicast => new IPAddress(unicast.Address.GetAddressBytes()).ToString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("127.0.0.1", expected);
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, desktop.Port).DefaultTimeout("connect to the mirror port");
        using var authority = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(desktop.DataDirectory, "tls", "ca.crt")));
        // A local authority publishes no revocation list; the mirror's certificate is short-lived instead.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(authority);
        using var tls = new SslStream(socket.GetStream());

        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", CertificateChainPolicy = policy, ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] }).DefaultTimeout("the TLS handshake");

        using var presented = new X509Certificate2(tls.RemoteCertificate!);
        var names = presented.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Subset(names.EnumerateIPAddresses().Select(a => a.ToString()).ToHashSet(StringComparer.Ordinal), expected);
        Assert.Contains(System.Net.Dns.GetHostName().Split('.')[0].ToLowerInvariant() + ".local", names.EnumerateDnsNames());
        Assert.Equal(SslProtocols.Tls13, tls.SslProtocol);
        Assert.Equal(SslApplicationProtocol.Http11, tls.NegotiatedApplicationProtocol);
    }

    [Fact]
    public async Task SecondStart_KeepsTheSameAuthority()
    {
        var port = TestPorts.PickUnused();
        string first;
        using (var desktop = await DesktopInstance.StartAsync(_home.Path, port))
        {
            first = File.ReadAllText(Path.Combine(desktop.DataDirectory, "tls", "ca.crt"));
            desktop.Process.Signal(15);
            Assert.Equal(0, await desktop.Process.WaitForExitAsync("the first desktop"));
        }

        using var again = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused());

        Assert.Equal(first, File.ReadAllText(Path.Combine(again.DataDirectory, "tls", "ca.crt")));
        Assert.DoesNotContain("created DeskMirror's local certificate authority", again.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserCertificate_CaCrtIs404_AndTheStatusNamesTheFile()
    {
        using var folder = new TempFolder();
        var (certificate, key) = TestCertificates.WriteUserPair(folder, "studio.example.ts.net", rsa: false);
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused(), "--tls-cert", certificate, "--tls-key", key);

        Assert.Contains($"Cert:      {certificate} (valid until", desktop.Process.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(desktop.DataDirectory, "tls")));
        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{desktop.Port}/"), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await anonymous.GetAsync(new Uri("ca.crt", UriKind.Relative)).DefaultTimeout("GET /ca.crt");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Required_PlainHttpThroughTheMirrorPort_OnlyRedirects_ButTheTrustRoutesAnswer()
    {
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused(), "--mirror-tls", "required");
        using var mirror = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{desktop.Port}/"), Timeout = TimeSpan.FromSeconds(10) };

        using var health = await mirror.GetAsync(new Uri("health", UriKind.Relative)).DefaultTimeout("GET /health through the mirror");
        using var authority = await mirror.GetAsync(new Uri("ca.crt", UriKind.Relative)).DefaultTimeout("GET /ca.crt through the mirror");
        using var page = await mirror.GetAsync(new Uri("trust", UriKind.Relative)).DefaultTimeout("GET /trust through the mirror");
        using var direct = DesktopInstance.Client(desktop.State.DesktopPort);
        using var desktopHealth = await direct.GetAsync(new Uri("health", UriKind.Relative)).DefaultTimeout("GET /health on the desktop");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, health.StatusCode);
        Assert.Equal(new Uri($"https://127.0.0.1:{desktop.Port}/health"), health.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, authority.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, desktopHealth.StatusCode);
        Assert.Contains("HTTPS:     required", desktop.Process.Output, StringComparison.Ordinal);
        using var authorityCertificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(desktop.DataDirectory, "tls", "ca.crt")));
        using var https = TestCertificates.ClientTrusting(authorityCertificate, desktop.Port, allowRedirects: false);
        using var secure = await https.GetAsync(new Uri($"https://127.0.0.1:{desktop.Port}/health")).DefaultTimeout("GET /health over https");
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
    }

    [Fact]
    public async Task Off_MakesNoAuthority_AndPlainUrls()
    {
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused(), "--mirror-tls", "off");

        Assert.False(Directory.Exists(Path.Combine(desktop.DataDirectory, "tls")));
        Assert.Contains("HTTPS:     off", desktop.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", desktop.Process.Output, StringComparison.Ordinal);
        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{desktop.Port}/"), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await anonymous.GetAsync(new Uri("ca.crt", UriKind.Relative)).DefaultTimeout("GET /ca.crt");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, desktop.Port).DefaultTimeout("connect to the mirror port");
        // Any certificate would do: the point is that none is offered.
        using var tls = new SslStream(socket.GetStream(), false, (_, presented, _, _) => presented is not null);
        var refused = await Record.ExceptionAsync(() => tls.AuthenticateAsClientAsync("localhost").DefaultTimeout("a TLS handshake with TLS off"));
        Assert.True(refused is AuthenticationException or IOException, $"the handshake should fail, got {refused?.GetType().Name ?? "success"}");
    }

    public void Dispose() => _home.Dispose();
}
