using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using DeskMirror.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Proxy.Tests;

/// <summary>
/// TLS termination on the proxy's port: real TLS clients (SslStream trusting a test authority only) and raw bytes
/// for the clients a proxy must survive; plain clients on the same port; the PROXY header a TLS client gets.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    // Far beyond what the fake-clock tests advance: a real connect still in flight when the clock jumps must not time out.
    private static readonly TimeSpan Connect = TimeSpan.FromDays(1);

    private readonly TestTls _tls = TestTls.Create();

    [Fact]
    public async Task Tls_ClientTrustingTheAuthority_IsDecryptedToTheUpstreamAndEncryptedBack()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await StartAsync(upstream.EndPoint);
        using var socket = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await using var client = await _tls.AuthenticateAsync(socket);

        await client.WriteAsync("hello through TLS"u8.ToArray()).DefaultTimeout("write");
        var echoed = new byte[17];
        await client.ReadExactlyAsync(echoed).DefaultTimeout("read the echo");

        Assert.Equal("hello through TLS"u8.ToArray(), echoed);
        Assert.Equal(SslApplicationProtocol.Http11, client.NegotiatedApplicationProtocol);
        Assert.True(client.SslProtocol is SslProtocols.Tls13 or SslProtocols.Tls12);
        Assert.Equal(_tls.Server.Thumbprint, client.RemoteCertificate!.GetCertHashString());
        var counters = proxy.Counters;
        Assert.Equal(1, counters.TlsHandshakes);
        Assert.Equal(0, counters.TlsHandshakeFailures);
        Assert.Equal(17, counters.BytesToUpstream);
    }

    [Fact]
    public async Task Tls_WithProxyProtocol_HeaderCarriesSslAlpnAndTheServerName_ThenThePlaintext()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(socket => ReadAllAsync(socket, received));
        await using var proxy = await StartAsync(upstream.EndPoint, o => With(o, sendProxyProtocol: true));

        int clientPort;
        using (var socket = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint))
        {
            clientPort = ((IPEndPoint)socket.LocalEndPoint!).Port;
            await using var client = await _tls.AuthenticateAsync(socket);
            await client.WriteAsync("GET /"u8.ToArray()).DefaultTimeout("write");
            await client.ShutdownAsync().DefaultTimeout("close_notify");
            socket.Shutdown(SocketShutdown.Send);
            var rest = new byte[1];
            Assert.Equal(0, await client.ReadAsync(rest).DefaultTimeout("the end after the upstream closes"));
        }

        var bytes = await received.Task.DefaultTimeout("the upstream reading everything");
        byte[] version = [.. "TLSv1.3"u8];
        byte[] expectedTlvs =
        [
            0x01, 0x00, 0x08, .. "http/1.1"u8, // PP2_TYPE_ALPN
            0x02, 0x00, (byte)TestTls.ServerName.Length, .. System.Text.Encoding.ASCII.GetBytes(TestTls.ServerName), // PP2_TYPE_AUTHORITY
            0x20, 0x00, (byte)(5 + 3 + version.Length), // PP2_TYPE_SSL
            0x01, // PP2_CLIENT_SSL
            0x00, 0x00, 0x00, 0x00, // verify: 0
            0x21, 0x00, (byte)version.Length, .. version, // PP2_SUBTYPE_SSL_VERSION
        ];
        byte[] expected =
        [
            .. Signature,
            0x21, 0x11, // version 2 PROXY, TCP over IPv4
            .. BigEndian(12 + expectedTlvs.Length),
            127, 0, 0, 1, 127, 0, 0, 1,
            .. BigEndian(clientPort),
            .. BigEndian(proxy.LocalEndpoint.Port),
            .. expectedTlvs,
            .. "GET /"u8.ToArray(),
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public async Task Tls_PlainClientOnTheSamePort_IsForwardedAsItIs_WithAPlainHeader()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(socket => ReadAllAsync(socket, received));
        await using var proxy = await StartAsync(upstream.EndPoint, o => With(o, sendProxyProtocol: true));

        using (var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint))
        {
            await client.SendAsync("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), SocketFlags.None).DefaultTimeout("send");
            client.Shutdown(SocketShutdown.Send);
            await ProxyUnderTest.ReadToEndAsync(client, "the upstream's close, forwarded");
        }

        var bytes = await received.Task.DefaultTimeout("the upstream reading everything");
        Assert.Equal(Signature, bytes[..12]);
        Assert.Equal([0x00, 0x0C], bytes[14..16]); // addresses only: no TLV
        Assert.Equal("GET / HTTP/1.1\r\n\r\n"u8.ToArray(), bytes[28..]);
        Assert.Equal(0, proxy.Counters.TlsHandshakes);
    }

    [Fact]
    public async Task Tls_ClientThatNeverSpeaks_NeverReachesTheUpstream_AndIsResetAtTheFirstByteTimeout()
    {
        var time = new FakeTimeProvider();
        var upstreamConnections = 0;
        await using var upstream = new TcpTestServer(socket =>
        {
            Interlocked.Increment(ref upstreamConnections);
            return TcpTestServer.EchoAsync(socket);
        });
        await using var proxy = await StartAsync(upstream.EndPoint, o => With(o, connectTimeout: Connect), time);
        using var silent = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await Poll.UntilAsync(() => proxy.Counters.Accepted == 1, "the silent client to be accepted");

        time.Advance(TimeSpan.FromSeconds(31));

        Assert.False(await ProxyUnderTest.ReadToEndAsync(silent, "the silent client being reset"));
        Assert.Equal(1, proxy.Counters.TimedOut);
        Assert.Equal(0, upstreamConnections);
        Assert.Equal(0, proxy.Counters.TlsHandshakeFailures);
    }

    [Fact]
    public async Task Tls_LargeTransferBothWays_ArrivesIntact()
    {
        const int Size = 16 * 1024 * 1024;
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await StartAsync(upstream.EndPoint);
        using var socket = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await using var client = await _tls.AuthenticateAsync(socket);
        var payload = RandomNumberGenerator.GetBytes(Size);

        var write = Task.Run(async () =>
        {
            for (var offset = 0; offset < Size; offset += 100_000)
            {
                await client.WriteAsync(payload.AsMemory(offset, Math.Min(100_000, Size - offset)));
            }
        });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        var total = 0;
        while (total < Size)
        {
            var read = await client.ReadAsync(buffer).DefaultTimeout($"read the echo at {total}");
            Assert.True(read > 0, $"ended early at {total}");
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        await write.DefaultTimeout("write everything");
        Assert.Equal(SHA256.HashData(payload), hash.GetHashAndReset());
        Assert.Equal(Size, proxy.Counters.BytesToUpstream);
        Assert.Equal(Size, proxy.Counters.BytesToClient);
    }

    [Fact]
    public async Task Tls_UpstreamCloses_ClientGetsCloseNotify_AndItsOwnCloseReachesTheUpstream()
    {
        var upstreamSawEnd = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(async socket =>
        {
            await ProxyUnderTest.ReadExactlyAsync(socket, 4, "the request");
            await socket.SendAsync("pong"u8.ToArray(), SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
            await ProxyUnderTest.ReadToEndAsync(socket, "the client's end");
            upstreamSawEnd.SetResult();
        });
        await using var proxy = await StartAsync(upstream.EndPoint);
        using var socket = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await using var client = await _tls.AuthenticateAsync(socket);

        await client.WriteAsync("ping"u8.ToArray()).DefaultTimeout("write");
        var answer = new byte[4];
        await client.ReadExactlyAsync(answer).DefaultTimeout("read the answer");
        Assert.Equal(0, await client.ReadAsync(new byte[1]).DefaultTimeout("the upstream's close, as close_notify"));
        await client.ShutdownAsync().DefaultTimeout("the client's close_notify");
        socket.Shutdown(SocketShutdown.Send);

        await upstreamSawEnd.Task.DefaultTimeout("the upstream to see the client's end");
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "the connection to be released");
        Assert.Equal("pong"u8.ToArray(), answer);
        Assert.Equal(0, proxy.Counters.TimedOut);
    }

    [Fact]
    public async Task Tls_ClientOfferingOnlyTls11_IsRefusedCleanly_CountedAndLogged_AndNeverReachesTheUpstream()
    {
        var upstreamConnections = 0;
        await using var upstream = new TcpTestServer(socket =>
        {
            Interlocked.Increment(ref upstreamConnections);
            return TcpTestServer.EchoAsync(socket);
        });
        var log = new RecordingLogger();
        await using var proxy = await StartAsync(upstream.EndPoint, logger: log);
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);

        await client.SendAsync(TestTls.Tls11ClientHello(), SocketFlags.None).DefaultTimeout("send the ClientHello");
        await ProxyUnderTest.ReadToEndAsync(client, "the proxy closing the connection");

        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "the connection to be released");
        var counters = proxy.Counters;
        Assert.Equal(1, counters.TlsHandshakeFailures);
        Assert.Equal(0, counters.TlsHandshakes);
        Assert.Equal(0, counters.TlsHandshakesInProgress);
        Assert.Equal(0, upstreamConnections);
        var line = Assert.Single(log.Lines, l => l.Event == "ProxyTlsHandshakeFailed");
        Assert.Contains("TLS 1.1 or older", line.Message, StringComparison.Ordinal);
        await AssertStillServesTlsAsync(proxy);
    }

    [Fact]
    public async Task Tls_ServerNameTheCertificateDoesNotHold_IsShownTheCertificate_ClientRefusesIt_Counted()
    {
        await using var upstream = TcpTestServer.Echo();
        var log = new RecordingLogger();
        await using var proxy = await StartAsync(upstream.EndPoint, logger: log);
        using var socket = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        using var client = new SslStream(new NetworkStream(socket, ownsSocket: false));

        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsClientAsync(_tls.ClientOptions("elsewhere.example")).DefaultTimeout("the refused handshake"));
        socket.Close();

        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "the connection to be released");
        Assert.Equal(1, proxy.Counters.TlsUnknownServerNames);
        Assert.Contains(log.Lines, l => l.Event == "ProxyTlsUnknownServerName" && l.Message.Contains("elsewhere.example", StringComparison.Ordinal));
        await AssertStillServesTlsAsync(proxy);
    }

    [Fact]
    public async Task Tls_GarbageAfterTheHandshakeByte_IsClosedAndCounted()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await StartAsync(upstream.EndPoint);
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);

        // A handshake record type, then a version and a length of nonsense, then the nonsense.
        await client.SendAsync("\u0016\u00ff\u00ff\u0000\u0010this is not TLS!"u8.ToArray(), SocketFlags.None).DefaultTimeout("send garbage");
        await ProxyUnderTest.ReadToEndAsync(client, "the proxy closing the connection");

        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "the connection to be released");
        Assert.Equal(1, proxy.Counters.TlsHandshakeFailures);
        await AssertStillServesTlsAsync(proxy);
    }

    [Fact]
    public async Task Tls_HandshakeThatStalls_IsResetAtTheHandshakeTimeout_AndCounted()
    {
        var time = new FakeTimeProvider();
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await StartAsync(upstream.EndPoint, o => With(o, connectTimeout: Connect), time);
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);

        // The start of a ClientHello record announcing 512 bytes, and then silence.
        await client.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 }, SocketFlags.None).DefaultTimeout("send a partial record");
        await Poll.UntilAsync(() => proxy.Counters.TlsHandshakesInProgress == 1, "the handshake to start");
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, proxy.Counters.TimedOut);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.False(await ProxyUnderTest.ReadToEndAsync(client, "the stalled handshake being reset"));
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "the connection to be released");
        var counters = proxy.Counters;
        Assert.Equal(1, counters.TimedOut);
        Assert.Equal(1, counters.TlsHandshakeFailures);
        Assert.Equal(0, counters.TlsHandshakesInProgress);
    }

    [Fact]
    public async Task Tls_HandshakesBeyondTheCap_AreClosedAtOnce_AndAFreedSlotServesAgain()
    {
        var time = new FakeTimeProvider();
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await StartAsync(upstream.EndPoint, o => With(o, connectTimeout: Connect, maxHandshakes: 1), time);
        using var stalled = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await stalled.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00 }, SocketFlags.None).DefaultTimeout("send a partial record");
        await Poll.UntilAsync(() => proxy.Counters.TlsHandshakesInProgress == 1, "the stalled handshake to hold the slot");

        using var second = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        using var secondTls = new SslStream(new NetworkStream(second, ownsSocket: false));
        var refused = await Record.ExceptionAsync(() => secondTls.AuthenticateAsClientAsync(_tls.ClientOptions()).DefaultTimeout("the refused handshake"));
        Assert.True(refused is AuthenticationException or IOException, $"expected the handshake to fail, got {refused}");
        Assert.Equal(1, proxy.Counters.TlsHandshakesRefused);

        time.Advance(TimeSpan.FromSeconds(11));
        await Poll.UntilAsync(() => proxy.Counters.TlsHandshakesInProgress == 0, "the stalled handshake to time out");
        await AssertStillServesTlsAsync(proxy);
    }

    [Fact]
    public async Task Tls_CertificateReplaced_TheNextHandshakeGetsTheNewOne_WithoutARestart()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await StartAsync(upstream.EndPoint);
        using (var first = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint))
        {
            await using var tls = await _tls.AuthenticateAsync(first);
            Assert.Equal(_tls.Server.Thumbprint, tls.RemoteCertificate!.GetCertHashString());
        }

        using var renewed = _tls.IssueAnother(TestTls.ServerName);
        _tls.Source.Replace(renewed, _tls.Authority);
        using var second = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await using var secondTls = await _tls.AuthenticateAsync(second);

        Assert.Equal(renewed.Thumbprint, secondTls.RemoteCertificate!.GetCertHashString());
    }

    [Fact]
    public async Task Tls_ClientOfferingOnlyH2_IsRefused_SinceOnlyHttp11IsSpokenInside()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await StartAsync(upstream.EndPoint);
        using var socket = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        using var client = new SslStream(new NetworkStream(socket, ownsSocket: false));

        var failed = await Record.ExceptionAsync(() => client.AuthenticateAsClientAsync(_tls.ClientOptions(protocol: SslApplicationProtocol.Http2)).DefaultTimeout("the handshake"));

        Assert.True(failed is AuthenticationException or IOException, $"expected the handshake to fail, got {failed}");
        await Poll.UntilAsync(() => proxy.Counters.TlsHandshakeFailures == 1, "the failure to be counted");
    }

    public void Dispose() => _tls.Dispose();

    private Task<TcpMirrorProxy> StartAsync(EndPoint upstream, Func<TcpMirrorProxyOptions, TcpMirrorProxyOptions>? configure = null, TimeProvider? time = null, RecordingLogger? logger = null)
        => ProxyUnderTest.StartAsync(upstream, o => (configure ?? (x => x))(With(o)), time, logger);

    private TcpMirrorProxyOptions With(TcpMirrorProxyOptions o, bool? sendProxyProtocol = null, TimeSpan? connectTimeout = null, int? maxHandshakes = null) => new()
    {
        Listen = o.Listen,
        Upstream = o.Upstream,
        ServerCertificate = _tls.Source,
        SendProxyProtocol = sendProxyProtocol ?? o.SendProxyProtocol,
        ConnectTimeout = connectTimeout ?? o.ConnectTimeout,
        MaxConcurrentTlsHandshakes = maxHandshakes ?? o.MaxConcurrentTlsHandshakes,
    };

    /// <summary>After a bad client, a good one is served as before.</summary>
    private async Task AssertStillServesTlsAsync(TcpMirrorProxy proxy)
    {
        using var socket = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await using var client = await _tls.AuthenticateAsync(socket);
        await client.WriteAsync(new byte[] { 42 }).DefaultTimeout("write after the bad client");
        var echoed = new byte[1];
        await client.ReadExactlyAsync(echoed).DefaultTimeout("read after the bad client");
        Assert.Equal(42, echoed[0]);
    }

    private static async Task ReadAllAsync(Socket socket, TaskCompletionSource<byte[]> received)
    {
        using var all = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        received.SetResult(all.ToArray());
    }

    private static byte[] BigEndian(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        return bytes;
    }
}
