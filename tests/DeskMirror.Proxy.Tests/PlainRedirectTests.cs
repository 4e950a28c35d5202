using System.Net;
using System.Net.Sockets;
using DeskMirror.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Proxy.Tests;

/// <summary>
/// <see cref="TcpMirrorProxyOptions.RedirectPlainHttp"/>: plain HTTP on the TLS port is answered by the proxy itself
/// (a redirect to https, the authority's certificate at /ca.crt), never forwarded; TLS clients are forwarded as usual.
/// </summary>
public sealed class PlainRedirectTests : IAsyncLifetime, IDisposable
{
    private readonly TestTls _tls = TestTls.Create();
    private int _upstreamConnections;
    private TcpTestServer _upstream = default!;
    private TcpMirrorProxy _proxy = default!;
    private HttpClient _plain = default!;

    public async Task InitializeAsync()
    {
        _upstream = new TcpTestServer(socket =>
        {
            Interlocked.Increment(ref _upstreamConnections);
            return TcpTestServer.EchoAsync(socket);
        });
        _proxy = await ProxyUnderTest.StartAsync(_upstream.EndPoint, o => new TcpMirrorProxyOptions
        {
            Listen = o.Listen,
            Upstream = o.Upstream,
            ServerCertificate = _tls.Source,
            RedirectPlainHttp = true,
            AuthorityCertificate = _tls.Authority,
        });
        _plain = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_proxy.LocalEndpoint.Port}/") };
    }

    [Fact]
    public async Task PlainRequest_IsRedirectedToHttpsOnTheSamePort_AndNeverForwarded()
    {
        using var response = await _plain.GetAsync(new Uri("session/42?view=text", UriKind.Relative)).DefaultTimeout("GET over plain HTTP");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri($"https://127.0.0.1:{_proxy.LocalEndpoint.Port}/session/42?view=text"), response.Headers.Location);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal(0, _upstreamConnections);
        await Poll.UntilAsync(() => _proxy.Counters.PlainHttpAnswered == 1, "the answer to be counted");
    }

    [Fact]
    public async Task PostWithABody_IsRedirectedWithTheMethodKept()
    {
        using var content = new ByteArrayContent(new byte[100_000]);
        using var response = await _plain.PostAsync(new Uri("auth/sign-in", UriKind.Relative), content).DefaultTimeout("POST over plain HTTP");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri($"https://127.0.0.1:{_proxy.LocalEndpoint.Port}/auth/sign-in"), response.Headers.Location);
    }

    [Theory]
    [InlineData("ca.crt")]
    [InlineData("CA.CRT/")]
    [InlineData("ca%2Ecrt?download=1")]
    public async Task CaCrt_AnySpelling_IsServedOverPlainHttp(string path)
    {
        using var response = await _plain.GetAsync(new Uri(path, UriKind.Relative)).DefaultTimeout("GET /ca.crt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-x509-ca-cert", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(_tls.Authority.RawData, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, _upstreamConnections);
    }

    [Fact]
    public async Task RequestWithoutHost_Gets400WithAProblemBody()
    {
        using var client = await ProxyUnderTest.ConnectAsync(_proxy.LocalEndpoint);
        await client.SendAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray(), SocketFlags.None).DefaultTimeout("send");

        var answer = System.Text.Encoding.ASCII.GetString(await ReadAllAsync(client));

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.Ordinal);
        Assert.Contains("\"status\":400", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsClient_IsForwardedAsUsual()
    {
        using var socket = await ProxyUnderTest.ConnectAsync(_proxy.LocalEndpoint);
        await using var client = await _tls.AuthenticateAsync(socket);
        await client.WriteAsync(new byte[] { 7 }).DefaultTimeout("write");
        var echoed = new byte[1];
        await client.ReadExactlyAsync(echoed).DefaultTimeout("read");

        Assert.Equal(7, echoed[0]);
        Assert.Equal(1, _upstreamConnections);
    }

    [Fact]
    public async Task RequestHeadThatNeverEnds_IsResetAtTheHandshakeTimeout()
    {
        var time = new FakeTimeProvider();
        await using var proxy = await ProxyUnderTest.StartAsync(_upstream.EndPoint, o => new TcpMirrorProxyOptions
        {
            Listen = o.Listen,
            Upstream = o.Upstream,
            ServerCertificate = _tls.Source,
            RedirectPlainHttp = true,
            FirstByteTimeout = TimeSpan.FromSeconds(60),
            TlsHandshakeTimeout = TimeSpan.FromSeconds(10),
        }, time);
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await client.SendAsync("GET / HTTP/1.1\r\nHost: studio"u8.ToArray(), SocketFlags.None).DefaultTimeout("send half a request");

        // A second of the fake clock per check: the request's 10 s bound ends it long before the first byte's 60 s would.
        var advanced = TimeSpan.Zero;
        await Poll.UntilAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            return proxy.Counters.TimedOut == 1;
        }, "the slow request to be reset");

        Assert.True(advanced < TimeSpan.FromSeconds(60), $"reset after {advanced}, by the first-byte timeout rather than the request's");
        Assert.False(await ProxyUnderTest.ReadToEndAsync(client, "the reset"));
        Assert.Equal(0, proxy.Counters.PlainHttpAnswered);
        Assert.Equal(0, _upstreamConnections);
    }

    public async Task DisposeAsync()
    {
        _plain.Dispose();
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    public void Dispose() => _tls.Dispose();

    private static async Task<byte[]> ReadAllAsync(Socket socket)
    {
        using var all = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout("read the answer")) > 0)
        {
            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }
}
