using System.Net;
using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

public sealed class PerAddressLimitTests
{
    private static readonly IPAddress Greedy = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Other = IPAddress.Parse("127.0.0.3");

    [Fact]
    public async Task PerAddressLimit_OneAddressOverItsLimit_IsRefusedWhileAnotherAddressIsServed()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, MaxConnectionsPerAddress = 2 });
        using var first = await ProxyUnderTest.ConnectFromAsync(Greedy, proxy.LocalEndpoint);
        var second = await ProxyUnderTest.ConnectFromAsync(Greedy, proxy.LocalEndpoint);
        await ProxyUnderTest.RoundTripAsync(first, [1], "first from 127.0.0.2");
        await ProxyUnderTest.RoundTripAsync(second, [2], "second from 127.0.0.2");

        using (var third = await ProxyUnderTest.ConnectFromAsync(Greedy, proxy.LocalEndpoint))
        {
            await ProxyUnderTest.ReadToEndAsync(third, "third from 127.0.0.2 closed by the per-address limit");
        }

        using var other = await ProxyUnderTest.ConnectFromAsync(Other, proxy.LocalEndpoint);
        await ProxyUnderTest.RoundTripAsync(other, [3], "127.0.0.3 while 127.0.0.2 is at its limit");
        Assert.Equal(1, proxy.Counters.RefusedByAddressLimit);
        Assert.Equal(0, proxy.Counters.RefusedByLimit);
        Assert.Equal(3, proxy.Counters.Accepted);

        second.Dispose();
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 2, "the second connection released");
        using var again = await ProxyUnderTest.ConnectFromAsync(Greedy, proxy.LocalEndpoint);
        await ProxyUnderTest.RoundTripAsync(again, [4], "127.0.0.2 once one of its slots is free");
    }

    [Fact]
    public async Task PerAddressLimit_IPv4ClientOfADualModeListener_CountsAsItsIPv4Address()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.IPv6Any, 0), Upstream = o.Upstream, MaxConnectionsPerAddress = 1 });
        var target = new IPEndPoint(IPAddress.Loopback, proxy.LocalEndpoint.Port);
        using var first = await ProxyUnderTest.ConnectFromAsync(Greedy, target);
        await ProxyUnderTest.RoundTripAsync(first, [1], "first from 127.0.0.2");

        using (var mapped = await ProxyUnderTest.ConnectFromAsync(Greedy, target))
        {
            await ProxyUnderTest.ReadToEndAsync(mapped, "second from 127.0.0.2 closed by the per-address limit");
        }

        Assert.Equal(1, proxy.Counters.RefusedByAddressLimit);
    }
}
