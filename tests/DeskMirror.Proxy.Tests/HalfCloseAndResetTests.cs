using System.Net.Sockets;
using System.Text;
using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

public sealed class HalfCloseAndResetTests
{
    [Fact]
    public async Task HalfClose_ClientShutsDownItsSend_StillReceivesTheWholeResponse()
    {
        // The upstream answers only after it saw the end of the request, then sends far more than one buffer.
        const int ResponseSize = 3 * 1024 * 1024;
        await using var upstream = new TcpTestServer(async socket =>
        {
            var request = new MemoryStream();
            var buffer = new byte[4096];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                request.Write(buffer, 0, read);
            }

            var header = Encoding.ASCII.GetBytes($"got {request.Length}\n");
            await socket.SendAsync(header, SocketFlags.None);
            await socket.SendAsync(new byte[ResponseSize], SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        });
        await using var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint);
        using var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);

        await client.SendAsync(new byte[12345], SocketFlags.None).DefaultTimeout("send request");
        client.Shutdown(SocketShutdown.Send);

        var response = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int received;
        while ((received = await client.ReceiveAsync(chunk, SocketFlags.None).DefaultTimeout("receive response")) > 0)
        {
            response.Write(chunk, 0, received);
        }

        var header = Encoding.ASCII.GetBytes("got 12345\n");
        Assert.Equal(header.Length + ResponseSize, response.Length);
        Assert.Equal(header, response.ToArray()[..header.Length]);
    }

    [Fact]
    public async Task Reset_ClientAbortsMidStream_UpstreamConnectionIsClosedToo()
    {
        var upstreamEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstreamGotData = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(async socket =>
        {
            var buffer = new byte[16];
            try
            {
                while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
                {
                    upstreamGotData.TrySetResult();
                }
            }
            finally
            {
                upstreamEnded.SetResult();
            }
        });
        await using var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint);
        var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await client.SendAsync(new byte[100], SocketFlags.None).DefaultTimeout("send");
        await upstreamGotData.Task.DefaultTimeout("upstream receiving the first bytes");

        client.Close(0); // RST

        await upstreamEnded.Task.DefaultTimeout("upstream noticing the client's reset");
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "proxy releasing the connection");
    }

    [Fact]
    public async Task Reset_ClientAbortsDuringALongTransfer_BothSidesReleased()
    {
        // Long enough that the proxy moves it through a pipe (splice on Linux) when the client resets.
        var upstreamEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(async socket =>
        {
            var chunk = new byte[64 * 1024];
            try
            {
                for (var i = 0; i < 4096; i++)
                {
                    await socket.SendAsync(chunk, SocketFlags.None);
                }
            }
            finally
            {
                upstreamEnded.SetResult();
            }
        });
        await using var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint);
        var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint);
        await ProxyUnderTest.ReadExactlyAsync(client, 4 * 1024 * 1024, "the first 4 MiB");

        client.Close(0); // RST

        await upstreamEnded.Task.DefaultTimeout("upstream noticing the client's reset");
        await Poll.UntilAsync(() => proxy.Counters.ActiveConnections == 0, "proxy releasing the connection");
    }
}
