using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Proxy_1000ConcurrentConnections_AllExchangeDataAndComplete()
    {
        const int Connections = 1000;
        await using var upstream = TcpTestServer.Echo();
        // Every client is 127.0.0.1 here, so the per-address limit is raised to let them all in.
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, MaxConnectionsPerAddress = Connections });

        // All connections are opened first, so they are really open at the same time. Off the test framework's
        // synchronization context, which starts a thread per continuation: 1000 of those at once starve the thread
        // pool that the proxy's own completions run on, and connects then wait seconds for a thread.
        var sockets = await Task.Run(() => Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint))))
            .DefaultTimeout("opening 1000 connections");
        try
        {
            await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == Connections, "1000 connections active at once");
            await Task.Run(() => Task.WhenAll(sockets.Select(async (socket, i) =>
            {
                var payload = new byte[2048];
                new Random(i).NextBytes(payload);
                Assert.Equal(payload, await ProxyUnderTest.RoundTripAsync(socket, payload, $"connection {i}"));
                socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                Assert.True(await ProxyUnderTest.ReadToEndAsync(socket, $"end of connection {i}"));
            }))).TimeoutAfter(TimeSpan.FromSeconds(60), "1000 round trips");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "all connections released");
        Assert.Equal(Connections, proxy.Counters.Accepted);
        Assert.Equal(Connections * 2048L, proxy.Counters.BytesToUpstream);
        Assert.Equal(Connections * 2048L, proxy.Counters.BytesToClient);
    }
}
