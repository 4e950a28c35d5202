using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using DeskMirror.Desktop;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Tls;
using DeskMirror.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Tests.Tls;

/// <summary>
/// The desktop's mirror in process: a real app server (mirror listener requiring the PROXY header), DeskMirror's
/// local authority in a temp data folder, and the desktop's <see cref="MirrorService"/> running the real proxy with
/// TLS on a loopback port. Two test routes on the app server move large bodies: <c>POST /test/sha256</c> hashes
/// what it receives, <c>GET /test/blob?mib=N&amp;seed=S</c> sends N MiB of a seeded sequence (<see cref="Blob"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class MirrorTlsFixture : IAsyncLifetime
{
    public const string Username = "ana";
    public const string Password = "tls-test-password";

    private readonly TempFolder _folder = new();

    internal MirrorCertificates Certificates { get; private set; } = default!;

    public AppServer Server { get; private set; } = default!;

    internal MirrorService Mirror { get; private set; } = default!;

    public int Port { get; } = TestPorts.PickUnused();

    public string DataDirectory => _folder.Combine("data");

    public async Task InitializeAsync()
    {
        Certificates = TestCertificates.Create(TestCertificates.LocalAuthorityOptions(DataDirectory));
        Server = await AppServer.StartAsync(new AppServerOptions
        {
            DataDirectory = DataDirectory,
            Credentials = new ServerCredentials(Username, Password),
            MirrorProxyProtocol = true,
            MirrorTls = MirrorTlsMode.Auto,
            CertificateAuthority = Certificates.Authority!.PublicCertificate,
            ConfigureApp = MapTransferRoutes,
        }).DefaultTimeout("the app server to start");
        Mirror = new MirrorService(
            () => new MirrorSettings(true, Port, "127.0.0.1", MirrorTlsMode.Auto, Mdns: false),
            Server.MirrorEndpoint,
            Server.MirrorProxyProtocol,
            Certificates,
            NullLoggerFactory.Instance,
            _ => { });
        await Mirror.ReconcileAsync().DefaultTimeout("the mirror to start");
        Assert.True(Mirror.Current.Https, Mirror.Current.Error);
    }

    /// <summary>An HTTPS client for the mirror port that trusts DeskMirror's authority only, with the credentials.</summary>
    public HttpClient Https(bool credentials = true, bool redirects = true)
    {
        var client = TestCertificates.ClientTrusting(Certificates.Authority!.PublicCertificate, Port, redirects);
        client.BaseAddress = new Uri($"https://localhost:{Port}/");
        client.Timeout = TimeSpan.FromSeconds(60);
        if (credentials)
        {
            client.DefaultRequestHeaders.Authorization = BasicAuth;
        }

        return client;
    }

    /// <summary>A plain HTTP client for the same port.</summary>
    public HttpClient Plain(bool redirects = true)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = redirects }) { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = BasicAuth;
        return client;
    }

    /// <summary>A client of the desktop listener (plain loopback), with the credentials.</summary>
    public HttpClient Desktop()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Server.DesktopEndpoint.Port}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = BasicAuth;
        return client;
    }

    public static AuthenticationHeaderValue BasicAuth => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));

    /// <summary>Fills <paramref name="chunk"/> with the next 64 KiB of the sequence <paramref name="random"/> makes; the same on both ends.</summary>
    public static void Blob(Random random, byte[] chunk) => random.NextBytes(chunk);

    public async Task DisposeAsync()
    {
        if (Mirror is not null)
        {
            await Mirror.DisposeAsync();
        }

        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        Certificates?.Dispose();
        _folder.Dispose();
    }

    private static void MapTransferRoutes(WebApplication app)
    {
        app.MapPost("/test/sha256", static async (HttpContext context) =>
        {
            context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
            }

            return Results.Text($"{total} {Convert.ToHexStringLower(hash.GetHashAndReset())}");
        });
        app.MapGet("/test/blob", static (int mib, int seed) => Results.Stream(async body =>
        {
            var random = new Random(seed);
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < mib * 16; i++)
            {
                Blob(random, chunk);
                await body.WriteAsync(chunk);
            }
        }, "application/octet-stream"));
    }
}
