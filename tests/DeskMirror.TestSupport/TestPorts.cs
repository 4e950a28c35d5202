using System.Net;
using System.Net.Sockets;

namespace DeskMirror.TestSupport;

/// <summary>
/// Ports for tests. In-process listeners bind port 0 and read the port back (<see cref="ListenOnLoopback"/>);
/// <see cref="PickUnused"/> only for a program that must be told a fixed port before it binds.
/// </summary>
public static class TestPorts
{
    /// <summary>A socket listening on 127.0.0.1 at a port the kernel chose; read it from <c>LocalEndPoint</c>.</summary>
    public static Socket ListenOnLoopback(int backlog = 512)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(backlog);
        return socket;
    }

    /// <summary>The port of a bound socket.</summary>
    public static int PortOf(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    /// <summary>
    /// A port that was free a moment ago, for a program that takes a fixed port (<c>deskmirror --port N</c>, the
    /// mirror's proxy under test). Another program may take it first; where a test can let the program bind
    /// port 0 and report it, it should.
    /// </summary>
    public static int PickUnused()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return PortOf(socket);
    }

    /// <summary>Whether something accepts a connection on 127.0.0.1:<paramref name="port"/> (within 5 s).</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Whether this process could bind the port on every IPv4 interface right now.</summary>
    public static bool IsFree(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
