using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using DeskMirror.Proxy.Tests.Infrastructure;

namespace DeskMirror.Proxy.Tests;

/// <summary>The PROXY v2 header as the upstream receives it, compared byte for byte with the specification's layout.</summary>
public sealed class ProxyProtocolTests
{
    private static readonly byte[] Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    [Fact]
    public async Task SendProxyProtocol_IPv4Client_UpstreamGetsTheV2HeaderThenTheClientsBytes()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(socket => ReadAllAsync(socket, received));
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = o.Listen, Upstream = o.Upstream, SendProxyProtocol = true });
        var source = IPAddress.Parse("127.0.0.2");

        int clientPort;
        using (var client = await ProxyUnderTest.ConnectFromAsync(source, proxy.LocalEndpoint))
        {
            clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
            await client.SendAsync("GET /"u8.ToArray(), SocketFlags.None).DefaultTimeout("send");
            client.Shutdown(SocketShutdown.Send);
        }

        var bytes = await received.Task.DefaultTimeout("the upstream reading everything");
        byte[] expected =
        [
            .. Signature,
            0x21, // version 2, command PROXY
            0x11, // TCP over IPv4
            0x00, 0x0C, // 12 bytes of addresses follow
            127, 0, 0, 2, // source address
            127, 0, 0, 1, // destination address
            .. BigEndian(clientPort),
            .. BigEndian(proxy.LocalEndpoint.Port),
            .. "GET /"u8.ToArray(),
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public async Task SendProxyProtocol_IPv6Client_HeaderNamesBothIPv6Addresses()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(socket => ReadAllAsync(socket, received));
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.IPv6Loopback, 0), Upstream = o.Upstream, SendProxyProtocol = true });

        int clientPort;
        using (var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint))
        {
            clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
            client.Shutdown(SocketShutdown.Send);
        }

        var bytes = await received.Task.DefaultTimeout("the upstream reading everything");
        byte[] loopback = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        byte[] expected =
        [
            .. Signature,
            0x21, // version 2, command PROXY
            0x21, // TCP over IPv6
            0x00, 0x24, // 36 bytes of addresses follow
            .. loopback, // source ::1
            .. loopback, // destination ::1
            .. BigEndian(clientPort),
            .. BigEndian(proxy.LocalEndpoint.Port),
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public async Task SendProxyProtocol_IPv4ClientOfADualModeListener_IsSentAsIPv4()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(socket => ReadAllAsync(socket, received));
        await using var proxy = await ProxyUnderTest.StartAsync(
            upstream.EndPoint,
            o => new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.IPv6Any, 0), Upstream = o.Upstream, SendProxyProtocol = true });
        var target = new IPEndPoint(IPAddress.Loopback, proxy.LocalEndpoint.Port);

        int clientPort;
        using (var client = await ProxyUnderTest.ConnectFromAsync(IPAddress.Parse("127.0.0.3"), target))
        {
            clientPort = ((IPEndPoint)client.LocalEndPoint!).Port;
            client.Shutdown(SocketShutdown.Send);
        }

        var bytes = await received.Task.DefaultTimeout("the upstream reading everything");
        byte[] expected = [.. Signature, 0x21, 0x11, 0x00, 0x0C, 127, 0, 0, 3, 127, 0, 0, 1, .. BigEndian(clientPort), .. BigEndian(target.Port)];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public async Task SendProxyProtocol_Off_UpstreamGetsOnlyTheClientsBytes()
    {
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = new TcpTestServer(socket => ReadAllAsync(socket, received));
        await using var proxy = await ProxyUnderTest.StartAsync(upstream.EndPoint);

        using (var client = await ProxyUnderTest.ConnectAsync(proxy.LocalEndpoint))
        {
            await client.SendAsync("hello"u8.ToArray(), SocketFlags.None).DefaultTimeout("send");
            client.Shutdown(SocketShutdown.Send);
        }

        Assert.Equal("hello"u8.ToArray(), await received.Task.DefaultTimeout("the upstream reading everything"));
    }

    private static byte[] BigEndian(int port)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)port);
        return bytes;
    }

    private static async Task ReadAllAsync(Socket socket, TaskCompletionSource<byte[]> received)
    {
        var all = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        socket.Shutdown(SocketShutdown.Send);
        received.TrySetResult(all.ToArray());
    }
}
