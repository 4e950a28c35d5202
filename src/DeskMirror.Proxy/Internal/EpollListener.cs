using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// Accepting on the proxy's event loops (Linux, plain TCP): the listening descriptor is watched by every loop
/// (EPOLLEXCLUSIVE, so one loop wakes per new connection), and the loop that accepts a connection serves it, so a new
/// connection costs no thread hop and no <see cref="System.Net.Sockets.Socket"/> object.
/// </summary>
/// <remarks>
/// A failed accept backs off as the System.Net.Sockets accept loop does (<see cref="TcpMirrorProxy.MinAcceptBackoff"/>
/// doubling up to <see cref="TcpMirrorProxy.MaxAcceptBackoff"/>): the loop stops watching the listener for that long,
/// and the pending clients wait in the backlog. The listening socket is closed by the proxy's stop, from another
/// thread, at once (so the port is free at once): every use of its descriptor here holds a reference on its handle,
/// so the descriptor (and its number) stays the listener's until that use is over.
/// </remarks>
internal sealed unsafe class EpollListener(SafeSocketHandle handle, IPEndPoint local, ProxyContext context)
{
    /// <summary>Connections accepted per wake-up at most, so one loop's connections are not starved by a burst.</summary>
    private const int AcceptBatch = 64;

    // sockaddr_in6 is 28 bytes; room for any family accept4 may write.
    private const int AddressRoom = 128;

    private readonly bool _localIsWildcard = local.Address.Equals(IPAddress.Any) || local.Address.Equals(IPAddress.IPv6Any);

    /// <summary>Every loop starts watching the listener.</summary>
    public void Start()
    {
        foreach (var loop in context.Loops!)
        {
            loop.Listen(this);
        }
    }

    /// <summary>The listening descriptor, held open until <see cref="Release"/>; false once the listener is closed.</summary>
    public bool TryAddRef(out int fd)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
        }

        fd = added ? (int)handle.DangerousGetHandle() : -1;
        return added;
    }

    public void Release() => handle.DangerousRelease();

    /// <summary>Completes once every loop has let go of the listener (after the stop closed it, or before).</summary>
    public Task StopAsync() => Task.WhenAll(context.Loops!.Select(loop => loop.Unlisten()));

    /// <summary>
    /// The listener is readable: accept what is pending, up to a batch; true when the batch ended with more pending.
    /// On <paramref name="loop"/>'s thread.
    /// </summary>
    public bool AcceptOn(EpollLoop loop)
    {
        if (!TryAddRef(out var fd))
        {
            return false; // closed: the proxy is stopping
        }

        try
        {
            return AcceptBatchFrom(fd, loop);
        }
        finally
        {
            Release();
        }
    }

    private bool AcceptBatchFrom(int fd, EpollLoop loop)
    {
        var address = stackalloc byte[AddressRoom];
        for (var i = 0; i < AcceptBatch; i++)
        {
            var length = AddressRoom;
            var client = LibC.Accept4(fd, address, &length, LibC.SockNonBlockCloExec);
            if (client < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EAgain)
                {
                    return false;
                }

                if (errno is LibC.EIntr or LibC.EConnAborted or LibC.EProto)
                {
                    continue; // the client gave up while still in the backlog
                }

                if (handle.IsClosed)
                {
                    return false; // the stop closed the listener while this accept was under way
                }

                BackOff(loop, errno);
                return false;
            }

            loop.AcceptBackoff = TimeSpan.Zero;
            Dispatch(loop, client, new ReadOnlySpan<byte>(address, length));
        }

        return true;
    }

    private void BackOff(EpollLoop loop, int errno)
    {
        var backoff = loop.AcceptBackoff == TimeSpan.Zero
            ? TcpMirrorProxy.MinAcceptBackoff
            : TimeSpan.FromTicks(Math.Min(loop.AcceptBackoff.Ticks * 2, TcpMirrorProxy.MaxAcceptBackoff.Ticks));
        loop.AcceptBackoff = backoff;
        if (context.AcceptFailureLog.TryAcquire(out var suppressed))
        {
            var error = SocketErrors.FromErrno(errno);
            if (errno is LibC.EMFile or LibC.ENFile or LibC.ENoBufs or LibC.ENoMem)
            {
                Log.AcceptOutOfResources(context.Logger, local, $"{error.SocketErrorCode} ({error.Message})", backoff.TotalMilliseconds, suppressed);
            }
            else
            {
                Log.AcceptFailed(context.Logger, error, local, suppressed);
            }
        }

        loop.PauseListening(backoff);
    }

    private void Dispatch(EpollLoop loop, int client, ReadOnlySpan<byte> address)
    {
        if (!context.Counters.TryOpen(context.ConnectionLimit))
        {
            LibC.Close(client);
            if (context.LimitLog.TryAcquire(out var suppressed))
            {
                Log.RefusedByLimit(context.Logger, context.ConnectionLimit, suppressed);
            }

            return;
        }

        var remote = EndPointOf(address);
        var key = remote is null ? UInt128.Zero : AddressCounts.KeyOf(remote.Address);
        if (!context.Addresses.TryAdd(key, context.Options.MaxConnectionsPerAddress))
        {
            context.Counters.RefuseByAddressLimit();
            LibC.Close(client);
            if (context.AddressLimitLog.TryAcquire(out var suppressed))
            {
                Log.RefusedByAddressLimit(context.Logger, remote?.Address, context.Options.MaxConnectionsPerAddress, suppressed);
            }

            return;
        }

        var connection = new EpollConnection(loop, remote, key, context);
        context.Opened(connection);
        connection.Start(client, context.Options.SendProxyProtocol ? LocalEndPointOf(client) : null);
    }

    /// <summary>Where the client connected to, for the PROXY header: the listener's address, or the socket's own behind a wildcard.</summary>
    private IPEndPoint LocalEndPointOf(int client)
    {
        if (!_localIsWildcard)
        {
            return local;
        }

        var address = stackalloc byte[AddressRoom];
        var length = AddressRoom;
        return LibC.GetSockName(client, address, &length) == 0 && EndPointOf(new ReadOnlySpan<byte>(address, length)) is { } bound
            ? bound
            : local;
    }

    /// <summary>An IPv4 or IPv6 socket address as the kernel writes it (family in host order, port in network order).</summary>
    internal static IPEndPoint? EndPointOf(ReadOnlySpan<byte> address)
    {
        if (address.Length < 2)
        {
            return null;
        }

        var family = MemoryMarshal.Read<ushort>(address);
        var port = BinaryPrimitives.ReadUInt16BigEndian(address[2..]);
        return family switch
        {
            LibC.AfInet when address.Length >= 8 => new IPEndPoint(new IPAddress(address.Slice(4, 4)), port),
            LibC.AfInet6 when address.Length >= 28 => new IPEndPoint(new IPAddress(address.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(address[24..])), port),
            _ => null,
        };
    }
}
