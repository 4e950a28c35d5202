using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

/// <summary>Sorts socket failures into the ones a proxy sees every day and the ones worth a warning.</summary>
internal static class SocketErrors
{
    /// <summary>
    /// True for a peer that reset or vanished, or a socket we closed ourselves (abort, stop):
    /// the normal ways a proxied connection ends badly, logged at debug level only.
    /// </summary>
    public static bool IsConnectionEnd(Exception exception) => exception switch
    {
        ObjectDisposedException => true,
        OperationCanceledException => true,
        SocketException socket => socket.SocketErrorCode is
            SocketError.ConnectionReset or
            SocketError.ConnectionAborted or
            SocketError.OperationAborted or
            SocketError.Interrupted or
            SocketError.Shutdown or
            SocketError.NotConnected or
            SocketError.TimedOut or
            SocketError.HostUnreachable or
            SocketError.NetworkUnreachable or
            SocketError.NetworkReset,
        _ => false,
    };
}
