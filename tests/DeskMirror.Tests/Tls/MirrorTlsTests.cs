using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DeskMirror.Proxy;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Tests.Tls;

/// <summary>
/// HTTPS on the desktop's mirror port, end to end in process: clients trusting DeskMirror's authority only, through
/// the real proxy (TLS terminated there) to the real app server, which sees https from the proxy's PROXY header.
/// </summary>
public sealed class MirrorTlsTests(MirrorTlsFixture fixture) : IClassFixture<MirrorTlsFixture>
{
    [Fact]
    public async Task Health_OverHttpsOnTheMirrorPort_WithOnlyTheAuthorityTrusted()
    {
        using var https = fixture.Https(credentials: false);
        using var untrusting = TestCertificates.ClientTrusting(null, fixture.Port);

        var health = await https.GetFromJsonAsync<JsonObject>("health").DefaultTimeout("GET /health over https");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(new Uri($"https://localhost:{fixture.Port}/health")).DefaultTimeout("GET /health trusting nothing"));

        Assert.True(health!["ok"]!.GetValue<bool>());
        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public async Task PlainHttp_OnTheSamePort_StillServes()
    {
        using var plain = fixture.Plain();

        using var response = await plain.GetAsync(new Uri("project", UriKind.Relative)).DefaultTimeout("GET /project over plain HTTP");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_OverTls_TheRequestIsHttps_SoTheCookieIsSecure_AndOverPlainItIsNot()
    {
        using var https = fixture.Https(credentials: false, redirects: false);
        using var plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Port}/") };

        var secure = await SignInCookieAsync(https);
        var clear = await SignInCookieAsync(plain);

        Assert.StartsWith("deskmirror_mirror=", secure, StringComparison.Ordinal);
        Assert.Contains("; secure", secure, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("deskmirror_mirror=", clear, StringComparison.Ordinal);
        Assert.DoesNotContain("; secure", clear, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Events_OverTls_ArriveLive()
    {
        using var https = fixture.Https();
        using var desktop = fixture.Desktop();
        using var response = await https.GetAsync(new Uri("event", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).DefaultTimeout("GET /event over https");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await ReadUntilAsync(reader, "event: server.connected", "the connected event");

        var folder = Directory.CreateTempSubdirectory("deskmirror-tls-events-");
        try
        {
            using var created = await desktop.PostAsJsonAsync("project", new { path = folder.FullName }).DefaultTimeout("POST /project on the desktop");
            created.EnsureSuccessStatusCode();

            await ReadUntilAsync(reader, "event: project.updated", "the project event, live over TLS");
        }
        finally
        {
            folder.Delete();
        }
    }

    [Fact]
    public async Task SessionStream_WebSocketOverTls_CarriesInputInAndOutputOut()
    {
        using var desktop = fixture.Desktop();
        var folder = Directory.CreateTempSubdirectory("deskmirror-tls-ws-");
        try
        {
            using var project = await desktop.PostAsJsonAsync("project", new { path = folder.FullName }).DefaultTimeout("POST /project");
            var projectId = (await project.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            using var session = await desktop.PostAsJsonAsync("session", new { projectId, kind = "task", command = "cat", mirrorInput = true }).DefaultTimeout("POST /session");
            var sessionId = (await session.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            using var invoker = TestCertificates.ClientTrusting(fixture.Certificates.Authority!.PublicCertificate, fixture.Port);
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", MirrorTlsFixture.BasicAuth.ToString());

            await socket.ConnectAsync(new Uri($"wss://localhost:{fixture.Port}/session/{sessionId}/stream?from=0"), invoker, CancellationToken.None).DefaultTimeout("the WebSocket over TLS");
            await socket.SendAsync("typed over TLS\r"u8.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None).DefaultTimeout("send input");

            var output = new StringBuilder();
            var buffer = new byte[64 * 1024];
            while (!output.ToString().Contains("typed over TLS", StringComparison.Ordinal))
            {
                var frame = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout($"output frames; so far: {output}");
                if (frame.MessageType == WebSocketMessageType.Binary)
                {
                    // Text frames are the framed stream's headers (snapshot, output, resize); binary ones the terminal's bytes.
                    output.Append(Encoding.UTF8.GetString(buffer, 0, frame.Count));
                }
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout("close");
            using var stopped = await desktop.PostAsync(new Uri($"session/{sessionId}/stop", UriKind.Relative), null).DefaultTimeout("stop the session");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Transfer64MiB_BothWaysOverTls_ArrivesIntact()
    {
        const int MiB = 64;
        using var https = fixture.Https();

        using var upload = new StreamContent(new SeededStream(MiB, seed: 11));
        using var uploaded = await https.PostAsync(new Uri("test/sha256", UriKind.Relative), upload).DefaultTimeout("upload 64 MiB");
        var uploadAnswer = await uploaded.Content.ReadAsStringAsync();
        using var downloaded = await https.GetAsync(new Uri($"test/blob?mib={MiB}&seed=12", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).DefaultTimeout("download 64 MiB");
        var downloadHash = await SHA256.HashDataAsync(await downloaded.Content.ReadAsStreamAsync()).DefaultTimeout("read 64 MiB");

        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal($"{MiB * 1024 * 1024} {Convert.ToHexStringLower(await SHA256.HashDataAsync(new SeededStream(MiB, seed: 11)))}", uploadAnswer);
        Assert.Equal(await SHA256.HashDataAsync(new SeededStream(MiB, seed: 12)), downloadHash);
    }

    [Fact]
    public async Task BadTlsClients_Tls10And11WrongNameAndGarbage_AreRefusedCleanly_AndTheMirrorKeepsServing()
    {
        var before = fixture.Mirror.Counters!;

        foreach (var (minor, name) in new[] { ((byte)0x01, "TLS 1.0"), ((byte)0x02, "TLS 1.1") })
        {
            using var old = await ConnectAsync(fixture.Port);
            await old.SendAsync(OldClientHello(minor), SocketFlags.None).DefaultTimeout($"send a {name} ClientHello");
            Assert.Equal(0, await ReadToEndAsync(old, $"the {name} client to be closed"));
        }

        using (var wrongName = await ConnectAsync(fixture.Port))
        {
            using var stream = new SslStream(new NetworkStream(wrongName, ownsSocket: false));
            var policy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy { TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust };
            policy.CustomTrustStore.Add(fixture.Certificates.Authority!.PublicCertificate);
            await Assert.ThrowsAsync<AuthenticationException>(() => stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "printer.example", CertificateChainPolicy = policy }).DefaultTimeout("the wrong-name handshake"));
        }

        using (var garbage = await ConnectAsync(fixture.Port))
        {
            await garbage.SendAsync("\u0016\u0001\u0002\u0000\u0004junk"u8.ToArray(), SocketFlags.None).DefaultTimeout("send garbage after 0x16");
            Assert.Equal(0, await ReadToEndAsync(garbage, "the garbage client to be closed"));
        }

        await Poll.UntilAsync(() => fixture.Mirror.Counters!.TlsHandshakeFailures - before.TlsHandshakeFailures >= 3, "the refusals to be counted");
        Assert.Equal(1, fixture.Mirror.Counters!.TlsUnknownServerNames - before.TlsUnknownServerNames);
        using var https = fixture.Https(credentials: false);
        Assert.Equal(HttpStatusCode.OK, (await https.GetAsync(new Uri("health", UriKind.Relative)).DefaultTimeout("GET /health after the bad clients")).StatusCode);
    }

    [Fact]
    public async Task StalledHandshake_IsResetAtTheHandshakeTimeout_AndNeverReachesTheAppServer()
    {
        var time = new FakeTimeProvider();
        await using var proxy = new TcpMirrorProxy(
            new TcpMirrorProxyOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                Upstream = fixture.Server.MirrorEndpoint,
                SendProxyProtocol = true,
                ServerCertificate = fixture.Certificates,
                ConnectTimeout = TimeSpan.FromDays(1),
            },
            null,
            time);
        await proxy.StartAsync().DefaultTimeout("the proxy to start");
        using var stalled = await ConnectAsync(proxy.LocalEndpoint.Port);
        await stalled.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 }, SocketFlags.None).DefaultTimeout("send the start of a ClientHello");
        await Poll.UntilAsync(() => proxy.Counters.TlsHandshakesInProgress == 1, "the handshake to start");

        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(-1, await ReadToEndAsync(stalled, "the stalled handshake to be reset"));
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "the connection to be released");
        Assert.Equal(1, proxy.Counters.TimedOut);
        Assert.Equal(1, proxy.Counters.TlsHandshakeFailures);
        Assert.Equal(0, proxy.Counters.BytesToUpstream);
    }

    private static async Task<string> SignInCookieAsync(HttpClient client)
    {
        using var form = new FormUrlEncodedContent([new("username", MirrorTlsFixture.Username), new("password", MirrorTlsFixture.Password), new("returnUrl", "/")]);
        using var response = await client.PostAsync(new Uri("auth/sign-in", UriKind.Relative), form).DefaultTimeout("POST /auth/sign-in");
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"sign-in answered {(int)response.StatusCode}");
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("deskmirror_mirror=", StringComparison.Ordinal));
    }

    private static async Task ReadUntilAsync(StreamReader reader, string line, string what)
    {
        while (await reader.ReadLineAsync().DefaultTimeout(what) is { } read)
        {
            if (read == line)
            {
                return;
            }
        }

        Assert.Fail($"the stream ended before {what}");
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).DefaultTimeout("connect to the mirror port");
        return socket;
    }

    /// <summary>0 for a clean end, -1 for a reset.</summary>
    private static async Task<int> ReadToEndAsync(Socket socket, string what)
    {
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout(what) > 0)
            {
            }

            return 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return -1;
        }
    }

    /// <summary>A ClientHello offering TLS 1.<paramref name="minor"/>−1 at most (1: TLS 1.0, 2: TLS 1.1), byte by byte (this machine's OpenSSL will not send one).</summary>
    private static byte[] OldClientHello(byte minor)
    {
        byte[] body = [0x03, minor, .. RandomNumberGenerator.GetBytes(32), 0x00, 0x00, 0x04, 0xC0, 0x14, 0x00, 0x2F, 0x01, 0x00];
        byte[] handshake = [0x01, 0x00, 0x00, (byte)body.Length, .. body];
        return [0x16, 0x03, 0x01, 0x00, (byte)handshake.Length, .. handshake];
    }

    /// <summary>A read-only stream of <c>mib</c> MiB of the fixture's seeded sequence, made as it is read.</summary>
    private sealed class SeededStream(int mib, int seed) : Stream
    {
        private readonly Random _random = new(seed);
        private readonly byte[] _chunk = new byte[64 * 1024];
        private int _chunks = mib * 16;
        private int _offset = 64 * 1024;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_offset == _chunk.Length)
            {
                if (_chunks == 0)
                {
                    return 0;
                }

                MirrorTlsFixture.Blob(_random, _chunk);
                _chunks--;
                _offset = 0;
            }

            var count = Math.Min(buffer.Length, _chunk.Length - _offset);
            _chunk.AsSpan(_offset, count).CopyTo(buffer);
            _offset += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
