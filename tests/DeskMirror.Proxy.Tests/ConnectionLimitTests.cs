using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

public sealed class ConnectionLimitTests
{
    [Fact]
    public async Task Limit_OneConnectionTooMany_IsClosedAtOnceAndCounted()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            options => new TcpMirrorProxyOptions { Listen = options.Listen, Upstream = options.Upstream, MaxConnections = 2 });
        using var first = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        var second = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await ProxyUnderTest.RoundTripAsync(first, [1], "first");
        await ProxyUnderTest.RoundTripAsync(second, [2], "second");

        using (var third = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint))
        {
            await ProxyUnderTest.ReadToEndAsync(third, "third connection closed by the limit");
        }

        Assert.Equal(1, proxy.Counters.RefusedByLimit);
        Assert.Equal(2, proxy.Counters.Accepted);

        second.Dispose();
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 1, "second connection released");
        using var fourth = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await ProxyUnderTest.RoundTripAsync(fourth, [4], "a new connection once a slot is free");
        Assert.Equal(1, proxy.Counters.RefusedByLimit);
    }
}
