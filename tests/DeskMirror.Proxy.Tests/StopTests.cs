using System.Net.Sockets;
using DeskMirror.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Proxy.Tests;

public sealed class StopTests
{
    [Fact]
    public async Task Stop_WithOpenConnection_FreesThePortAtOnceAndAbortsAfterTheGracePeriod()
    {
        var time = new FakeTimeProvider();
        await using var upstream = TcpTestServer.Echo();
        var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            options => new TcpMirrorProxyOptions { Listen = options.Listen, Upstream = options.Upstream, StopGrace = TimeSpan.FromSeconds(5) },
            time);
        var endpoint = proxy.LocalEndpoint;
        using var open = await ProxyUnderTest.ConnectAsync(endpoint);
        Assert.Equal("one"u8.ToArray(), await ProxyUnderTest.RoundTripAsync(open, "one"u8.ToArray(), "before stop"));

        var stop = proxy.StopAsync();

        // The port is free while the old connection is still being served (fake time: the grace period cannot run out).
        using (var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            rebind.Bind(endpoint);
            rebind.Listen();
        }

        Assert.Equal("two"u8.ToArray(), await ProxyUnderTest.RoundTripAsync(open, "two"u8.ToArray(), "during the grace period"));
        Assert.False(stop.IsCompleted);

        await Poll.UntilAsync(() => { time.Advance(TimeSpan.FromSeconds(1)); return stop.IsCompleted; }, "stop after the grace period");
        await stop;
        Assert.False(await ProxyUnderTest.ReadToEndAsync(open, "the open connection being reset"));
        Assert.Equal(0, proxy.Counters.ActiveConnections);
    }

    [Fact]
    public async Task Stop_ConnectionsEndDuringGrace_CompletesWithoutWaitingOut()
    {
        var time = new FakeTimeProvider();
        await using var upstream = TcpTestServer.Echo();
        var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint, time: time);
        var open = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await ProxyUnderTest.RoundTripAsync(open, [42], "before stop");

        var stop = proxy.StopAsync();
        open.Shutdown(SocketShutdown.Send);
        Assert.True(await ProxyUnderTest.ReadToEndAsync(open, "echo server closing after our half-close"));
        open.Dispose();

        await stop.DefaultTimeout("stop once the last connection ended, with time frozen");
    }

    [Fact]
    public async Task Stop_NewConnectionsAfterStop_AreRefused()
    {
        await using var upstream = TcpTestServer.Echo();
        var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint);
        var endpoint = proxy.LocalEndpoint;
        await proxy.StopAsync().DefaultTimeout("stop with nothing open");

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var error = await Assert.ThrowsAsync<SocketException>(() => socket.ConnectAsync(endpoint).DefaultTimeout("connect after stop"));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }
}
