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

    /// <summary>
    /// The socket error for a Linux errno from a call made directly (splice, the event loop's recv and send), so
    /// failures sort as the socket's own would (a peer's reset is a connection end, not an unexpected failure).
    /// SocketException(int) takes a SocketError, not an errno.
    /// </summary>
    public static SocketException FromErrno(int errno) => new((int)(errno switch
    {
        LibC.EConnReset => SocketError.ConnectionReset,
        LibC.EPipe => SocketError.Shutdown,
        LibC.ENotConn => SocketError.NotConnected,
        LibC.ETimedOut => SocketError.TimedOut,
        LibC.EConnAborted => SocketError.ConnectionAborted,
        LibC.EBadF => SocketError.OperationAborted,
        LibC.ENoMem or LibC.ENoBufs => SocketError.NoBufferSpaceAvailable,
        LibC.EConnRefused => SocketError.ConnectionRefused,
        LibC.EHostUnreach => SocketError.HostUnreachable,
        LibC.ENetUnreach => SocketError.NetworkUnreachable,
        LibC.EAddrNotAvail => SocketError.AddressNotAvailable,
        LibC.EMFile or LibC.ENFile => SocketError.TooManyOpenSockets,
        _ => SocketError.SocketError,
    }));
}
