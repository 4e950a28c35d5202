using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// A plain TCP connection proxied on raw descriptors by the <see cref="EpollLoop"/> that accepted it (Linux): the
/// upstream is connected with a non-blocking connect(2), and each direction reads into a pooled buffer and sends all
/// of it before reading again, so a slow reader holds its writer back (the kernel's buffers do the flow control).
/// When the source finishes sending, the destination's send side is shut down (the half-close is forwarded). A read
/// that fills the whole buffer switches that direction to splice(2) through a pipe.
/// </summary>
/// <remarks>
/// Everything runs on its loop's thread, except <see cref="Abort"/>, which posts to the loop. An idle connection holds
/// no buffer.
/// </remarks>
internal sealed unsafe class EpollConnection(EpollLoop loop, IPEndPoint? remote, UInt128 addressKey, ProxyContext context)
    : Connection(remote, addressKey, context)
{
    private int _client = -1;
    private int _upstream = -1;
    private GCHandle _handle;
    private Direction _toUpstream;
    private Direction _toClient;
    private Ready _ready;
    private bool _connecting;
    private bool _closed;

    /// <summary>Serves <paramref name="client"/> (a non-blocking descriptor this connection now owns): connects to the upstream.</summary>
    /// <param name="client">The accepted descriptor.</param>
    /// <param name="local">Where the client connected to, for the PROXY header; null when none is sent.</param>
    public void Start(int client, IPEndPoint? local)
    {
        _client = client;
        var header = local is null ? null : ProxyHeader(local, default);
        _upstream = LibC.Socket(Context.UpstreamFamily, LibC.SockStreamNonBlockCloExec, LibC.IpProtoTcp);
        if (_upstream < 0)
        {
            // Out of descriptors or buffers: this client is closed, the process carries on.
            var error = SocketErrors.FromErrno(Marshal.GetLastPInvokeError()).SocketErrorCode;
            if (Context.ConnectionFailureLog.TryAcquire(out var suppressed))
            {
                Log.UpstreamSocketFailed(Context.Logger, error, suppressed);
            }

            CloseUnregistered();
            return;
        }

        var one = 1;
        LibC.SetSockOpt(_upstream, LibC.IpProtoTcp, LibC.TcpNoDelay, &one, sizeof(int));
        var address = Context.UpstreamAddress!;
        int connected;
        fixed (byte* start = address)
        {
            connected = LibC.Connect(_upstream, start, address.Length);
        }

        var errno = connected == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (errno is not (0 or LibC.EInProgress))
        {
            UpstreamFailed(SocketErrors.FromErrno(errno).SocketErrorCode.ToString());
            CloseUnregistered();
            return;
        }

        // Done when the upstream's descriptor reports writable (at once, if connect already succeeded).
        _connecting = true;
        StartConnectDeadline();
        if (header is not null)
        {
            _toUpstream = new Direction { Buffer = header, Length = header.Length, IsHeader = true };
        }

        _handle = GCHandle.Alloc(this);
        if (!loop.Add(_client, _handle, upstream: false))
        {
            _handle.Free();
            CloseUnregistered();
        }
        else if (!loop.Add(_upstream, _handle, upstream: true))
        {
            Close(reset: true);
        }
    }

    public override bool Abort()
    {
        if (!TryMarkAborted())
        {
            return false;
        }

        loop.PostAbort(this);
        return true;
    }

    /// <summary>An abort posted from another thread (a timeout, the stop), on the loop's thread; after <see cref="Start"/>, which runs there too.</summary>
    internal void OnAbort()
    {
        if (_closed)
        {
            return;
        }

        if (_connecting && ConnectTimedOut)
        {
            UpstreamFailed(ConnectTimedOutReason);
        }

        Close(reset: true);
    }

    /// <summary>One of the two descriptors reported <paramref name="events"/>; on the loop's thread.</summary>
    internal void OnReady(bool upstream, uint events)
    {
        if (_closed)
        {
            return;
        }

        // Edge-triggered: a flag stays set until a call says EAGAIN (or a short read says the data is drained).
        var hungUp = (events & (LibC.EpollRdHup | LibC.EpollHup | LibC.EpollErr)) != 0;
        var readable = hungUp || (events & LibC.EpollIn) != 0;
        var writable = (events & (LibC.EpollOut | LibC.EpollHup | LibC.EpollErr)) != 0;
        var shift = upstream ? 3 : 0;
        _ready |= (Ready)(((readable ? 1 : 0) | (writable ? 2 : 0) | (hungUp ? 4 : 0)) << shift);

        try
        {
            Run();
        }
        catch (Exception e)
        {
            // A socket error ends this connection; anything else would be a bug, and must not end the loop's thread
            // (and the process with it): it is logged as a failure and this connection is reset.
            if (TryMarkAborted())
            {
                LogFailure(e);
            }

            Close(reset: true);
        }
    }

    private void Run()
    {
        if (_connecting)
        {
            if ((_ready & Ready.UpstreamWritable) == 0)
            {
                return;
            }

            // Writable without an error or hang-up: connected (SO_ERROR is read only to tell why it failed).
            var error = 0;
            var length = sizeof(int);
            if ((_ready & Ready.UpstreamHungUp) != 0 && LibC.GetSockOpt(_upstream, LibC.SolSocket, LibC.SoError, &error, &length) != 0)
            {
                error = Marshal.GetLastPInvokeError();
            }

            if (error != 0)
            {
                EndConnectDeadline();
                if (TryMarkAborted())
                {
                    UpstreamFailed(SocketErrors.FromErrno(error).SocketErrorCode.ToString());
                }
                else if (ConnectTimedOut)
                {
                    UpstreamFailed(ConnectTimedOutReason);
                }

                Close(reset: false);
                return;
            }

            _connecting = false;
            EndConnectDeadline();
        }

        Move(ref _toUpstream, _client, _upstream, Ready.ClientReadable, Ready.UpstreamWritable, Ready.ClientHungUp, toUpstream: true);
        Move(ref _toClient, _upstream, _client, Ready.UpstreamReadable, Ready.ClientWritable, Ready.UpstreamHungUp, toUpstream: false);
        if (_toUpstream.Ended && _toClient.Ended)
        {
            Close(reset: false);
        }
    }

    /// <summary>Moves what can move now from <paramref name="source"/> to <paramref name="destination"/>; throws on a socket error.</summary>
    private void Move(ref Direction direction, int source, int destination, Ready readable, Ready writable, Ready hungUp, bool toUpstream)
    {
        var size = Context.Options.BufferSize;
        while (true)
        {
            if (direction.Sent < direction.Length)
            {
                if ((_ready & writable) == 0)
                {
                    return;
                }

                nint sent;
                fixed (byte* start = direction.Buffer)
                {
                    sent = LibC.Send(destination, start + direction.Sent, (nuint)(direction.Length - direction.Sent), LibC.MsgNoSignal);
                }

                if (sent < 0)
                {
                    if (WouldBlock())
                    {
                        _ready &= ~writable;
                        return;
                    }

                    continue;
                }

                direction.Sent += (int)sent;
                if (direction.Sent == direction.Length)
                {
                    if (!direction.IsHeader)
                    {
                        Context.Counters.AddBytes(toUpstream, direction.Length);
                    }

                    ReturnBuffer(ref direction);
                }

                continue;
            }

            if (direction.Pipe is { } pipe)
            {
                if (pipe.Pending > 0)
                {
                    if ((_ready & writable) == 0)
                    {
                        return;
                    }

                    if (!pipe.DrainTo(destination))
                    {
                        _ready &= ~writable;
                        return;
                    }
                }

                if (direction.Ended || (_ready & readable) == 0)
                {
                    return;
                }

                var moved = pipe.FillFrom(source, Math.Max(size, SplicePipe.Capacity));
                if (moved < 0)
                {
                    _ready &= ~readable;
                    return;
                }

                if (moved == 0)
                {
                    Finish(ref direction, destination);
                    return;
                }

                // No short-read shortcut here: a pipe fills up by slots (one per socket buffer), not only by bytes.
                DataArrived(toUpstream);
                Context.Counters.AddBytes(toUpstream, moved);
                continue;
            }

            if (direction.Ended || (_ready & readable) == 0)
            {
                return;
            }

            var buffer = ArrayPool<byte>.Shared.Rent(size);
            nint received;
            fixed (byte* start = buffer)
            {
                received = LibC.Recv(source, start, (nuint)size, 0);
            }

            if (received <= 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                if (received == 0)
                {
                    Finish(ref direction, destination);
                    return;
                }

                if (WouldBlock())
                {
                    _ready &= ~readable;
                    return;
                }

                continue;
            }

            direction.Buffer = buffer;
            direction.Length = (int)received;
            direction.Sent = 0;
            DataArrived(toUpstream);
            Drained(received < size, readable, hungUp);
            if (received == size && Splicing.Enabled)
            {
                // A full buffer: a long transfer is under way; the rest goes through a pipe, if one is free.
                direction.Pipe = Context.Splicing.TryAcquire();
            }
        }
    }

    /// <summary>
    /// A read shorter than asked took all the source had (a stream socket returns what is there, up to the length):
    /// the next read would say EAGAIN, so it is skipped; new data raises a new edge. Unless the source has hung up:
    /// its end of stream raises no further edge, so that read must still happen.
    /// </summary>
    private void Drained(bool shortRead, Ready readable, Ready hungUp)
    {
        if (shortRead && (_ready & hungUp) == 0)
        {
            _ready &= ~readable;
        }
    }

    /// <summary>The source has finished sending: forward the half-close (unless the close that follows at once sends it).</summary>
    private void Finish(ref Direction direction, int destination)
    {
        direction.Ended = true;
        if (!(_toUpstream.Ended && _toClient.Ended))
        {
            LibC.Shutdown(destination, LibC.ShutWr); // a destination already gone shows on its own next event
        }

        OneDirectionFinished();
    }

    /// <summary>True for EAGAIN (wait for the next event); EINTR counts as ready again; anything else is thrown.</summary>
    private static bool WouldBlock()
    {
        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            LibC.EAgain => true,
            LibC.EIntr => false,
            _ => throw SocketErrors.FromErrno(errno),
        };
    }

    /// <summary>Closes both descriptors (with RST when <paramref name="reset"/>) and releases the slot; on the loop's thread.</summary>
    private void Close(bool reset)
    {
        if (_closed)
        {
            return;
        }

        if (reset)
        {
            ResetOnClose(_client);
            ResetOnClose(_upstream);
        }

        loop.Remove(_client);
        loop.Remove(_upstream);
        loop.Release(_handle);
        CloseUnregistered();
    }

    /// <summary>Closes both descriptors and gives back what the connection held, before or after registration.</summary>
    private void CloseUnregistered()
    {
        _closed = true;
        LibC.Close(_client);
        if (_upstream >= 0)
        {
            LibC.Close(_upstream);
        }

        ReturnBuffer(ref _toUpstream);
        ReturnBuffer(ref _toClient);
        ReleasePipe(ref _toUpstream);
        ReleasePipe(ref _toClient);
        Context.Closed(this);
    }

    private static void ResetOnClose(int fd)
    {
        if (fd >= 0)
        {
            var linger = new LibC.Linger { OnOff = 1, Seconds = 0 };
            LibC.SetSockOpt(fd, LibC.SolSocket, LibC.SoLinger, &linger, sizeof(LibC.Linger));
        }
    }

    private static void ReturnBuffer(ref Direction direction)
    {
        if (direction.Buffer is { } buffer && !direction.IsHeader)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        direction.Buffer = null;
        direction.Length = 0;
        direction.Sent = 0;
        direction.IsHeader = false;
    }

    private void ReleasePipe(ref Direction direction)
    {
        if (direction.Pipe is { } pipe)
        {
            direction.Pipe = null;
            pipe.Dispose();
            Context.Splicing.Release();
        }
    }

    /// <summary>What the descriptors last reported: the client's three bits, then the upstream's.</summary>
    [Flags]
    private enum Ready : byte
    {
        ClientReadable = 1,
        ClientWritable = 2,
        ClientHungUp = 4,
        UpstreamReadable = 8,
        UpstreamWritable = 16,
        UpstreamHungUp = 32,
    }

    /// <summary>One direction's state: the chunk being sent (or the PROXY header), the pipe once splicing, whether its source ended.</summary>
    private struct Direction
    {
        public byte[]? Buffer;
        public SplicePipe? Pipe;
        public int Length;
        public int Sent;
        public bool Ended;
        public bool IsHeader;
    }
}
