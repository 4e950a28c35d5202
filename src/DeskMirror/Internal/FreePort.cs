using System.Net;
using System.Net.Sockets;

namespace DeskMirror.Internal;

/// <summary>Asks the OS for a free loopback port. Another program may take it before it is used; callers retry.</summary>
internal static class FreePort
{
    public static int Pick()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
