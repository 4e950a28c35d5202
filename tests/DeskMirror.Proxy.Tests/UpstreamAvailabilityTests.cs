using System.Net;
using System.Net.Sockets;
using DeskMirror.Proxy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DeskMirror.Proxy.Tests;

public sealed class UpstreamAvailabilityTests
{
    private const int MaxFillers = 16;
    private static readonly TimeSpan FillerWait = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Upstream_DownThenUp_ClientsClosedWhileDownAndServedOnceUp()
    {
        // Bound but not listening: the port is ours (no other test can take it) and a connect to it is refused.
        using var reserved = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reserved.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var proxy = await ProxyUnderTest.StartAsync(reserved.LocalEndPoint!);

        for (var i = 0; i < 20; i++)
        {
            using var refused = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
            await ProxyUnderTest.ReadToEndAsync(refused, $"client {i} closed while the upstream is down");
        }

        Assert.Equal(20, proxy.Counters.UpstreamFailures);
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "failed connections released");

        await using var upstream = new TcpTestServer(TcpTestServer.EchoAsync, reserved);
        using var served = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        Assert.Equal("back"u8.ToArray(), await ProxyUnderTest.RoundTripAsync(served, "back"u8.ToArray(), "echo once the upstream is up"));
        Assert.Equal(20, proxy.Counters.UpstreamFailures);
    }

    [Fact]
    public async Task Upstream_NeverAnswersTheConnect_ClientClosedAfterTheConnectTimeout()
    {
        // A listener whose accept queue is full drops further SYNs, so a connect to it hangs until our timeout.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(0);
        var silentEndPoint = (IPEndPoint)silent.LocalEndPoint!;
        var fillers = new List<Socket>();
        try
        {
            // Linux drops the SYN once the accept queue (backlog 0: one connection) is full; a few more tries cover
            // a kernel that counts differently. Each try waits a short while for a connect that should not complete.
            for (var attempt = 0; ; attempt++)
            {
                Assert.True(attempt < MaxFillers, $"{MaxFillers} connections to a listener with backlog 0 all completed; cannot make a connect hang here");
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                var connect = filler.ConnectAsync(silentEndPoint);
                try
                {
                    await connect.WaitAsync(FillerWait);
                }
                catch (TimeoutException)
                {
                    break; // this SYN was dropped: the queue is full
                }
            }

            var time = new FakeTimeProvider();
            await using var proxy = await ProxyUnderTest.StartAsync(
                silentEndPoint,
                options => new TcpMirrorProxyOptions { Listen = options.Listen, Upstream = options.Upstream, ConnectTimeout = TimeSpan.FromSeconds(3) },
                time);
            using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
            var closed = ProxyUnderTest.ReadToEndAsync(client, "client closed after the connect timeout");
            await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 1, "connection waiting for the upstream");
            Assert.False(closed.IsCompleted);

            await Poll.UntilAsync(() => { time.Advance(TimeSpan.FromMilliseconds(500)); return closed.IsCompleted; }, "connect timeout firing");
            await closed;
            Assert.Equal(1, proxy.Counters.UpstreamFailures);
        }
        finally
        {
            fillers.ForEach(filler => filler.Dispose());
        }
    }
}
