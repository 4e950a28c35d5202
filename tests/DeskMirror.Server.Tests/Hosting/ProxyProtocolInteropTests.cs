using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using DeskMirror.Server.Hosting;
using DeskMirror.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DeskMirror.Server.Tests.Hosting;

/// <summary>
/// The mirror listener against a reference sender of the PROXY protocol: HAProxy with <c>send-proxy-v2</c> and the
/// SSL, ALPN, authority and CRC32C TLVs, on loopback. The hand-made headers of <see cref="ProxyV2"/> cannot prove that
/// the parser reads the protocol as others write it; this does.
/// </summary>
public sealed class ProxyProtocolInteropTests
{
    private const string HaproxyPath = "/usr/sbin/haproxy";

    [Fact]
    public async Task Haproxy_PlainAndTlsFrontends_DeviceAddressPortSchemeSniAndHttp2ReachTheServer()
    {
        Assert.True(File.Exists(HaproxyPath), $"{HaproxyPath} is missing: apt-get install -y haproxy");
        await using var server = await TestAppServer.StartAsync(new TestAppServerOptions
        {
            MirrorProxyProtocol = true,
            // The certificate's name, as a browser would put it in Host.
            AllowedHosts = ["desk.test"],
            ConfigureApp = app => app.MapGet("/test/connection", static (HttpContext context) => Results.Json(new JsonObject
            {
                ["remoteIp"] = context.Connection.RemoteIpAddress?.ToString(),
                ["remotePort"] = context.Connection.RemotePort,
                ["scheme"] = context.Request.Scheme,
                ["authority"] = context.Features.Get<IProxyProtocolFeature>()?.Authority,
            })).AllowAnonymous(),
        });
        var folder = Directory.CreateTempSubdirectory("deskmirror-haproxy-").FullName;
        try
        {
            var plainPort = FreePort();
            var tlsPort = FreePort();
            var thumbprint = WriteCertificate(Path.Combine(folder, "server.pem"));
            await File.WriteAllTextAsync(Path.Combine(folder, "haproxy.cfg"), $"""
                global
                    maxconn 64
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 30s
                    timeout server 30s
                frontend plain
                    bind 127.0.0.1:{plainPort}
                    default_backend mirror
                frontend tls
                    bind 127.0.0.1:{tlsPort} ssl crt {Path.Combine(folder, "server.pem")} alpn h2,http/1.1
                    default_backend mirror
                backend mirror
                    server app 127.0.0.1:{server.Server.MirrorEndpoint.Port} send-proxy-v2 proxy-v2-options ssl,authority,crc32c

                """);
            using var haproxy = Process.Start(new ProcessStartInfo(HaproxyPath, ["-db", "-f", Path.Combine(folder, "haproxy.cfg")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            try
            {
                await Poll.UntilAsync(() => Accepts(plainPort) && Accepts(tlsPort), "haproxy listening");
                var device = IPAddress.Parse("127.0.0.5");

                using var socket = await RawHttp.ConnectAsync(new IPEndPoint(IPAddress.Loopback, plainPort), device);
                var devicePort = ((IPEndPoint)socket.LocalEndPoint!).Port;
                await socket.SendAsync(RawHttp.Head(server.Server.MirrorEndpoint, "GET", "/test/connection")).DefaultTimeout("request through haproxy");
                var plain = await RawHttp.ReadResponseAsync(socket);
                Assert.True(plain.Status == 200, $"plain: {plain.Status} {plain.Body}");
                var seen = JsonNode.Parse(plain.Body)!;
                Assert.Equal("127.0.0.5", seen["remoteIp"]!.GetValue<string>());
                Assert.Equal(devicePort, seen["remotePort"]!.GetValue<int>());
                Assert.Equal("http", seen["scheme"]!.GetValue<string>());

                var tls = JsonNode.Parse(await GetOverTlsAsync(tlsPort, device, server.Server.MirrorEndpoint, thumbprint))!;
                Assert.Equal("127.0.0.5", tls["remoteIp"]!.GetValue<string>());
                Assert.Equal("https", tls["scheme"]!.GetValue<string>());
                Assert.Equal("desk.test", tls["authority"]!.GetValue<string>());

                // A browser over TLS offers h2: the proxy agrees it with the device and says so in the header.
                using var http2 = new HttpClient(new SocketsHttpHandler
                {
                    ConnectCallback = (context, cancellationToken) => ConnectFromAsync(device, tlsPort, cancellationToken),
                    SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
                })
                {
                    DefaultRequestVersion = HttpVersion.Version20,
                    DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Timeout = TaskTimeoutExtensions.DefaultTimeoutSpan,
                };
                using var response = await http2.GetAsync($"https://desk.test:{tlsPort}/test/connection").DefaultTimeout("GET over HTTP/2 through haproxy");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(HttpVersion.Version20, response.Version);
                var overHttp2 = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Assert.Equal("https", overHttp2["scheme"]!.GetValue<string>());
                Assert.Equal("127.0.0.5", overHttp2["remoteIp"]!.GetValue<string>());
            }
            finally
            {
                haproxy.Kill();
                await haproxy.WaitForExitAsync().DefaultTimeout("haproxy to exit");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress device, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(device, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<string> GetOverTlsAsync(int port, IPAddress device, IPEndPoint mirror, string thumbprint)
    {
        using var socket = await RawHttp.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), device);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "desk.test" }).DefaultTimeout("TLS handshake with haproxy");
        await tls.WriteAsync(RawHttp.Head(mirror, "GET", "/test/connection")).AsTask().DefaultTimeout("request over TLS");
        using var response = new MemoryStream();
        await tls.CopyToAsync(response).DefaultTimeout("response over TLS");
        var parsed = RawResponse.Parse(response.ToArray());
        Assert.True(parsed.Status == 200, $"tls: {parsed.Status} {parsed.Body}");
        return parsed.Body;
    }

    /// <summary>A self-signed certificate for <c>desk.test</c> with its key, as HAProxy reads them; returns its thumbprint.</summary>
    private static string WriteCertificate(string path)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=desk.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("desk.test");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n", Encoding.ASCII);
        return certificate.GetCertHashString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
