using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Proxy_1000ConcurrentConnections_AllExchangeDataAndComplete()
    {
        const int Connections = 1000;
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint);

        // All connections are opened first, so they are really open at the same time.
        var sockets = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint)))
            .DefaultTimeout("opening 1000 connections");
        try
        {
            await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == Connections, "1000 connections active at once");
            await Task.WhenAll(sockets.Select(async (socket, i) =>
            {
                var payload = new byte[2048];
                new Random(i).NextBytes(payload);
                Assert.Equal(payload, await ProxyUnderTest.RoundTripAsync(socket, payload, $"connection {i}"));
                socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                Assert.True(await ProxyUnderTest.ReadToEndAsync(socket, $"end of connection {i}"));
            })).TimeoutAfter(TimeSpan.FromSeconds(60), "1000 round trips");
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
