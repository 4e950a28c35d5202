using System.Net.Sockets;
using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

public sealed class TimeoutTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task FirstByteTimeout_ClientNeverSends_IsResetWhileAnActiveClientStays()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, FirstByteTimeout = Short });
        using var active = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await ProxyUnderTest.RoundTripAsync(active, [1], "the active client's first byte");

        // Connected after the active one: when its deadline has passed, the active one's has too.
        using var silent = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        var clean = await ProxyUnderTest.ReadToEndAsync(silent, "the silent client being reset");

        Assert.False(clean);
        Assert.Equal(1, proxy.Counters.TimedOut);
        await ProxyUnderTest.RoundTripAsync(active, [2], "the active client after the silent one was reset");
        Assert.Equal(1, proxy.Counters.ActiveConnections);
    }

    [Fact]
    public async Task FirstByteTimeout_Infinite_SilentClientOutlivesASweep()
    {
        // Echoes; once the client has finished sending, says nothing and keeps its side open until the test ends.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var accepted = 0;
        var silentAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(async socket =>
        {
            if (Interlocked.Increment(ref accepted) == 1)
            {
                silentAccepted.TrySetResult();
            }

            var buffer = new byte[16];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }

            await release.Task;
        });
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, FirstByteTimeout = Timeout.InfiniteTimeSpan, HalfCloseTimeout = Short });
        using var silent = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await silentAccepted.Task.Await("upstream accepting the silent client");

        // Connected later and half-closed: the sweep that resets it has also looked at the silent one.
        using var closing = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        closing.Shutdown(SocketShutdown.Send);
        await Within.Until(() => proxy.Counters.TimedOut == 1, "the half-closed connection to time out");

        await ProxyUnderTest.RoundTripAsync(silent, [7], "the silent client, after the sweep");
        Assert.Equal(1, proxy.Counters.ActiveConnections);
        release.SetResult();
    }

    [Fact]
    public async Task HalfCloseTimeout_UpstreamClosesAndClientNeverDoes_ConnectionIsReleasedWithNoFinWait2Left()
    {
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
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, HalfCloseTimeout = Short });
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await client.SendAsync(new byte[] { 1 }, SocketFlags.None).Await("send the request byte");
        var end = new byte[1];
        Assert.Equal(0, await client.ReceiveAsync(end, SocketFlags.None).Await("the upstream's close, forwarded"));
        // The client keeps its side open and says nothing: the proxy's client socket sits in FIN-WAIT-2 meanwhile.

        await Within.Until(() => proxy.Counters.ActiveConnections == 0, "the half-closed connection to be released");

        Assert.Equal(1, proxy.Counters.TimedOut);
        Assert.Equal(0, TcpStates.Count(proxy.LocalEndpoint.Port, TcpStates.FinWait2));
    }

    [Fact]
    public async Task HalfCloseTimeout_ResponseKeepsFlowingAfterTheClientHalfCloses_IsNotCut()
    {
        // The client half-closes at once; the upstream answers in 8 pieces spaced by a quarter of the timeout, so
        // only an inactivity timeout (not a total one) lets the whole answer through.
        var timeout = TimeSpan.FromSeconds(1);
        var gap = timeout / 4;
        await using var upstream = new TcpTestServer(async socket =>
        {
            var buffer = new byte[16];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }

            for (var i = 0; i < 8; i++)
            {
                await socket.SendAsync(new[] { (byte)i }, SocketFlags.None);
                await Task.Delay(gap);
            }

            socket.Shutdown(SocketShutdown.Send);
        });
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, HalfCloseTimeout = timeout });
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await client.SendAsync(new byte[] { 1 }, SocketFlags.None).Await("send the request");
        client.Shutdown(SocketShutdown.Send);

        var answer = await ProxyUnderTest.ReadExactlyAsync(client, 8, "the slow answer");

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], answer);
        Assert.True(await ProxyUnderTest.ReadToEndAsync(client, "the clean end"));
        Assert.Equal(0, proxy.Counters.TimedOut);
    }
}
