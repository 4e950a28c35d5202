using System.Net;
using System.Net.Sockets;
using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

public sealed class StartTests
{
    [Fact]
    public async Task Start_PortAlreadyInUse_ThrowsAddressInUseNamingTheAddress()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var address = (IPEndPoint)taken.LocalEndPoint!;
        await using var proxy = new TcpMirrorProxy(new TcpMirrorProxyOptions { Listen = address, Upstream = new IPEndPoint(IPAddress.Loopback, 9) });

        var error = await Assert.ThrowsAsync<ProxyAddressInUseException>(() => proxy.StartAsync());

        Assert.Equal(address, error.Address);
        Assert.Contains(address.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PortHeldByAnotherProxy_ThrowsAddressInUse()
    {
        await using var first = new TcpMirrorProxy(new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.Any, 0), Upstream = new IPEndPoint(IPAddress.Loopback, 9) });
        await first.StartAsync();
        await using var second = new TcpMirrorProxy(new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.Any, first.LocalEndpoint.Port), Upstream = new IPEndPoint(IPAddress.Loopback, 9) });

        await Assert.ThrowsAsync<ProxyAddressInUseException>(() => second.StartAsync());
    }

    [Fact]
    public async Task Start_IPv6AnyAddress_ServesIPv4AndIPv6Clients()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            options => new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.IPv6Any, 0), Upstream = options.Upstream });
        var port = proxy.LocalEndpoint.Port;

        using var v4 = await ProxyUnderTest.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        Assert.Equal("v4"u8.ToArray(), await ProxyUnderTest.RoundTripAsync(v4, "v4"u8.ToArray(), "IPv4 client on [::]"));
        if (Socket.OSSupportsIPv6)
        {
            using var v6 = await ProxyUnderTest.ConnectAsync(new IPEndPoint(IPAddress.IPv6Loopback, port));
            Assert.Equal("v6"u8.ToArray(), await ProxyUnderTest.RoundTripAsync(v6, "v6"u8.ToArray(), "IPv6 client on [::]"));
        }
    }

    [Fact]
    public async Task Start_IPv6Upstream_IsServed()
    {
        var bound = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
        bound.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        await using var upstream = new TcpTestServer(TcpTestServer.EchoAsync, bound);
        await using var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint);

        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        Assert.Equal("v6 upstream"u8.ToArray(), await ProxyUnderTest.RoundTripAsync(client, "v6 upstream"u8.ToArray(), "via [::1]"));
    }

    [Fact]
    public async Task Start_UpstreamGivenByHostName_IsResolvedAndServed()
    {
        await using var upstream = TcpTestServer.Echo();
        await using var proxy = await ProxyUnderTest.StartAsync(new DnsEndPoint("localhost", upstream.EndPoint.Port));
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        Assert.Equal("dns"u8.ToArray(), await ProxyUnderTest.RoundTripAsync(client, "dns"u8.ToArray(), "via localhost"));
    }

    [Theory]
    [InlineData(0, 16 * 1024)]
    [InlineData(10, 10)]
    [InlineData(10, 2 * 1024 * 1024)]
    public async Task Start_InvalidOptions_Throws(int maxConnections, int bufferSize)
    {
        await using var proxy = new TcpMirrorProxy(new TcpMirrorProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Upstream = new IPEndPoint(IPAddress.Loopback, 9),
            MaxConnections = maxConnections,
            BufferSize = bufferSize,
        });

        await Assert.ThrowsAsync<ArgumentException>(() => proxy.StartAsync());
    }
}
