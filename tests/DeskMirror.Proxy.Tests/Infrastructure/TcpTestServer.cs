using System.Net;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Tests.Infrastructure;

/// <summary>A raw TCP upstream on 127.0.0.1 that runs a handler for every accepted connection.</summary>
internal sealed class TcpTestServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<Socket, Task> _handler;
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;

    public TcpTestServer(Func<Socket, Task> handler)
        : this(handler, NewBoundSocket())
    {
    }

    /// <summary>Listens on <paramref name="bound"/>, a socket the test bound earlier (to hold its port while nothing listened).</summary>
    public TcpTestServer(Func<Socket, Task> handler, Socket bound)
    {
        _handler = handler;
        _listener = bound;
        _listener.Listen(4096);
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _acceptLoop = AcceptAsync();
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Echoes every byte back and mirrors the client's half-close.</summary>
    public static TcpTestServer Echo() => new(EchoAsync);

    public static async Task EchoAsync(Socket socket)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                socket.Shutdown(SocketShutdown.Send);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static Socket NewBoundSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            var socket = await _listener.AcceptAsync();
            var connection = RunAsync(socket);
            lock (_connections)
            {
                _connections.Add(connection);
            }
        }
    }

    private async Task RunAsync(Socket socket)
    {
        using (socket)
        {
            try
            {
                await _handler(socket);
            }
            catch (SocketException)
            {
                // the test decides what a reset means; the server just lets go
            }
        }
    }
}
