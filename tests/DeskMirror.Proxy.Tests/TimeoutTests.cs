using System.Net.Sockets;
using DeskMirror.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Proxy.Tests;

/// <summary>
/// The first-byte and half-close timeouts, on a fake clock: the proxy's sweep runs when the test advances time, so
/// "before the deadline" and "after it" are exact whatever the machine's load.
/// </summary>
public sealed class TimeoutTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    // Far beyond what the tests advance: a real connect still in flight when the fake clock jumps must not time out.
    private static readonly TimeSpan Connect = TimeSpan.FromDays(1);

    [Fact]
    public async Task FirstByteTimeout_ClientNeverSends_IsResetWhileAnActiveClientStays()
    {
        var time = new FakeTimeProvider();
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, ConnectTimeout = Connect, FirstByteTimeout = Limit },
            time);
        using var active = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await ProxyUnderTest.RoundTripAsync(active, [1], "the active client's first byte");
        using var silent = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await Poll.UntilAsync(() => proxy.Counters.Accepted == 2, "the silent client to be accepted");

        time.Advance(Limit - TimeSpan.FromSeconds(1));
        await ProxyUnderTest.RoundTripAsync(active, [2], "the active client just before the deadline");
        Assert.Equal(0, proxy.Counters.TimedOut);

        time.Advance(TimeSpan.FromSeconds(5));
        var clean = await ProxyUnderTest.ReadToEndAsync(silent, "the silent client being reset");

        Assert.False(clean);
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 1, "the silent connection to be released");
        await ProxyUnderTest.RoundTripAsync(active, [3], "the active client after the silent one was reset");
        Assert.Equal(1, proxy.Counters.TimedOut);
    }

    [Fact]
    public async Task FirstByteTimeout_Infinite_ClientOfAServerThatSpeaksFirstStaysConnected()
    {
        var time = new FakeTimeProvider();
        await using var upstream = new TcpTestServer(async socket =>
        {
            await socket.SendAsync("hello\n"u8.ToArray(), SocketFlags.None);
            await TcpTestServer.EchoAsync(socket);
        });
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, ConnectTimeout = Connect, FirstByteTimeout = Timeout.InfiniteTimeSpan, HalfCloseTimeout = Limit },
            time);
        using var listener = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        Assert.Equal("hello\n"u8.ToArray(), await ProxyUnderTest.ReadExactlyAsync(listener, 6, "the server's greeting"));

        time.Advance(TimeSpan.FromHours(1));

        await ProxyUnderTest.RoundTripAsync(listener, [7], "the client that only listened, an hour later");
        Assert.Equal(0, proxy.Counters.TimedOut);
    }

    [Fact]
    public async Task HalfCloseTimeout_UpstreamClosesAndClientNeverDoes_ConnectionIsReleasedWithNoFinWait2Left()
    {
        var time = new FakeTimeProvider();
        // As Kestrel after its keep-alive timeout: the upstream half-closes, then waits for the client's end.
        await using var upstream = new TcpTestServer(async socket =>
        {
            var buffer = new byte[16];
            _ = await socket.ReceiveAsync(buffer, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
            while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        });
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, ConnectTimeout = Connect, HalfCloseTimeout = Limit },
            time);
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await client.SendAsync(new byte[] { 1 }, SocketFlags.None).DefaultTimeout("send the request byte");
        var end = new byte[1];
        Assert.Equal(0, await client.ReceiveAsync(end, SocketFlags.None).DefaultTimeout("the upstream's close, forwarded"));
        // The client keeps its side open and says nothing: the proxy's client socket sits in FIN-WAIT-2 meanwhile.
        await Poll.UntilAsync(() => TcpStates.Count(proxy.LocalEndpoint.Port, TcpStates.FinWait2) == 1, "the proxy's socket in FIN-WAIT-2");

        time.Advance(Limit - TimeSpan.FromSeconds(1));
        Assert.Equal(1, proxy.Counters.ActiveConnections);
        time.Advance(TimeSpan.FromSeconds(5));

        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "the half-closed connection to be released");
        Assert.Equal(1, proxy.Counters.TimedOut);
        Assert.Equal(0, TcpStates.Count(proxy.LocalEndpoint.Port, TcpStates.FinWait2));
    }

    [Fact]
    public async Task HalfCloseTimeout_ResponseKeepsFlowingAfterTheClientHalfCloses_IsNotCut()
    {
        // The client half-closes at once; the upstream answers in pieces, each 3/4 of the timeout after the last, so
        // only an inactivity timeout (not a total one) lets the whole answer through.
        var time = new FakeTimeProvider();
        var pieces = System.Threading.Channels.Channel.CreateUnbounded<byte>();
        var requestEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(async socket =>
        {
            var buffer = new byte[16];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }

            requestEnded.SetResult();
            await foreach (var piece in pieces.Reader.ReadAllAsync())
            {
                await socket.SendAsync(new[] { piece }, SocketFlags.None);
            }

            socket.Shutdown(SocketShutdown.Send);
        });
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, ConnectTimeout = Connect, HalfCloseTimeout = Limit },
            time);
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await client.SendAsync(new byte[] { 1 }, SocketFlags.None).DefaultTimeout("send the request");
        client.Shutdown(SocketShutdown.Send);
        await requestEnded.Task.DefaultTimeout("the upstream seeing the end of the request");

        for (byte i = 0; i < 4; i++)
        {
            time.Advance(Limit * 3 / 4);
            pieces.Writer.TryWrite(i);
            Assert.Equal([i], await ProxyUnderTest.ReadExactlyAsync(client, 1, $"piece {i}"));
        }

        pieces.Writer.Complete();
        Assert.True(await ProxyUnderTest.ReadToEndAsync(client, "the clean end"));
        Assert.Equal(0, proxy.Counters.TimedOut);
    }
}
