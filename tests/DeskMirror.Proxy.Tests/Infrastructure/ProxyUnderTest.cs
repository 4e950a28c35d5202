using System.Net;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Tests.Infrastructure;

/// <summary>Starts a proxy on 127.0.0.1:0 and connects clients to it.</summary>
internal static class ProxyUnderTest
{
    public static async Task<TcpMirrorProxy> StartAsync(
        EndPoint upstream,
        Func<TcpMirrorProxyOptions, TcpMirrorProxyOptions>? configure = null,
        TimeProvider? time = null,
        Microsoft.Extensions.Logging.ILogger<TcpMirrorProxy>? logger = null)
    {
        var options = new TcpMirrorProxyOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Upstream = upstream };
        if (configure is not null)
        {
            options = configure(options);
        }

        var proxy = new TcpMirrorProxy(options, logger, time ?? TimeProvider.System);
        await proxy.StartAsync().DefaultTimeout("proxy start");
        return proxy;
    }

    public static async Task<Socket> ConnectAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint).DefaultTimeout($"connect to {endpoint}");
        return socket;
    }

    /// <summary>Connects from <paramref name="source"/> (any address of this machine, such as 127.0.0.2).</summary>
    public static async Task<Socket> ConnectFromAsync(IPAddress source, IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(endpoint).DefaultTimeout($"connect from {source} to {endpoint}");
        return socket;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes; fails if the stream ends first.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, string where)
    {
        var received = new byte[count];
        var total = 0;
        while (total < count)
        {
            var read = await socket.ReceiveAsync(received.AsMemory(total), SocketFlags.None).DefaultTimeout($"receive: {where}");
            Assert.True(read > 0, $"connection closed early: {where}");
            total += read;
        }

        return received;
    }

    /// <summary>Sends and reads back the same number of bytes (for echo upstreams).</summary>
    public static async Task<byte[]> RoundTripAsync(Socket socket, byte[] payload, string where)
    {
        await socket.SendAsync(payload, SocketFlags.None).DefaultTimeout($"send: {where}");
        var received = new byte[payload.Length];
        var total = 0;
        while (total < received.Length)
        {
            var read = await socket.ReceiveAsync(received.AsMemory(total), SocketFlags.None).DefaultTimeout($"receive: {where}");
            Assert.True(read > 0, $"connection closed early: {where}");
            total += read;
        }

        return received;
    }

    /// <summary>Reads until the peer closes; returns true for a clean end of stream, false for a reset.</summary>
    public static async Task<bool> ReadToEndAsync(Socket socket, string where)
    {
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None).DefaultTimeout(where) > 0)
            {
            }

            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false;
        }
    }
}
