using System.Buffers;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// Copies one direction of a connection, as a small state machine driven by socket completions: wait for data with
/// a zero-byte receive, rent a buffer, receive, send all of it, give the buffer back, wait again. When the source
/// finishes sending, the destination's send side is shut down (the half-close is forwarded).
/// </summary>
/// <remarks>
/// One <see cref="SocketAsyncEventArgs"/> per direction serves every receive from the source and every send to the
/// destination (they never overlap), so a connection holds two event args instead of the four a socket caches for
/// its own awaitable receive and send, no async state machine and no task; an idle connection holds no buffer
/// either. Pumps are pooled across connections. Each chunk is sent as soon as it is read: no coalescing, so a
/// 30-byte SSE event goes out at once. The buffer is always given back before the zero-byte receive is issued, so
/// a completion racing with the issuing thread can never find it shared. On a TLS connection the client's end is
/// an <see cref="System.Net.Security.SslStream"/> instead of the socket (DirectionPump.Stream.cs).
/// </remarks>
internal sealed partial class DirectionPump : SocketAsyncEventArgs
{
    private SocketConnection? _connection;
    private Socket? _source;
    private Socket? _destination;
    private byte[]? _buffer;
    private byte[]? _prefix;
    private SplicePipe? _pipe;
    private Splicing? _splicing;
    private bool _fromPipe;
    private int _bufferSize;
    private int _length;
    private int _sent;
    private Step _step;

    public DirectionPump()
        : base(unsafeSuppressExecutionContextFlow: true)
    {
    }

    private enum Step
    {
        Idle,
        FirstByte,
        Connecting,
        SendingPrefix,
        Waiting,
        Receiving,
        Sending,
        StreamWaiting,
        StreamReading,
        StreamWriting,
        StreamClosing,
    }

    /// <summary>True for the client-to-upstream direction.</summary>
    public bool ToUpstream { get; private set; }

    /// <summary>Connects <paramref name="socket"/> to the upstream; then <see cref="SocketConnection.OnUpstreamConnected"/> runs.</summary>
    public void Connect(SocketConnection connection, Socket socket, System.Net.EndPoint upstream)
    {
        _connection = connection;
        _step = Step.Connecting;
        RemoteEndPoint = upstream;
        try
        {
            if (!socket.ConnectAsync(this))
            {
                Complete();
            }
        }
        catch (Exception e)
        {
            End(e);
        }
    }

    /// <summary>Waits until the client has sent something (or closed); then <see cref="SocketConnection.OnClientSpoke"/> runs.</summary>
    public void WaitForFirstByte(SocketConnection connection, Socket client)
    {
        _connection = connection;
        _source = client;
        _step = Step.FirstByte;
        SetBuffer(Memory<byte>.Empty);
        StartReceive();
    }

    /// <summary>
    /// Starts copying from <paramref name="source"/> to <paramref name="destination"/>, after sending <paramref name="prefix"/>
    /// to the destination when there is one. A <paramref name="sourceStream"/> (TLS) is read instead of the source socket,
    /// a <paramref name="destinationStream"/> written instead of the destination socket; the sockets are still the ones
    /// whose sending half a finished direction shuts down.
    /// </summary>
    public void Start(SocketConnection connection, Socket source, Stream? sourceStream, Socket destination, Stream? destinationStream, bool toUpstream, byte[]? prefix)
    {
        _connection = connection;
        _source = source;
        _destination = destination;
        _sourceStream = sourceStream;
        _destinationStream = destinationStream;
        ToUpstream = toUpstream;
        _bufferSize = connection.Context.Options.BufferSize;
        RemoteEndPoint = null;
        if (prefix is not null)
        {
            _prefix = prefix;
            _length = prefix.Length;
            _sent = 0;
            _step = Step.SendingPrefix;
            SetBuffer(prefix);
            StartSend();
        }
        else
        {
            Run(WaitForData);
        }
    }

    /// <summary>Forgets the connection so the pump can serve another; only when no operation is in flight.</summary>
    public void Reset()
    {
        _connection = null;
        _source = null;
        _destination = null;
        _sourceStream = null;
        _destinationStream = null;
        _pendingRead = default;
        _pendingWrite = default;
        _pendingClose = null;
        _prefix = null;
        _step = Step.Idle;
        RemoteEndPoint = null;
        SetBuffer(Memory<byte>.Empty);
        if (_pipe is not null)
        {
            _pipe.Dispose();
            _pipe = null;
            _splicing!.Release();
        }

        _splicing = null;
    }

    protected override void OnCompleted(SocketAsyncEventArgs e) => Complete();

    /// <summary>Waits for data from the source with a zero-byte read; true when it completed at once.</summary>
    private bool WaitForData()
    {
        if (_sourceStream is not null)
        {
            _step = Step.StreamWaiting;
            return ReadStream(Memory<byte>.Empty);
        }

        _step = Step.Waiting;
        SetBuffer(Memory<byte>.Empty);
        return !_source!.ReceiveAsync(this);
    }

    /// <summary>Starts an operation from outside a completion; when it completed at once, carries on here.</summary>
    private void Run(Func<bool> start)
    {
        try
        {
            if (start())
            {
                Complete();
            }
        }
        catch (Exception e)
        {
            End(e);
        }
    }

    // Start an operation; when it completes at once, carry on here (Complete loops, so a fast peer cannot grow the stack).
    private void StartReceive()
    {
        try
        {
            if (!_source!.ReceiveAsync(this))
            {
                Complete();
            }
        }
        catch (Exception e)
        {
            End(e);
        }
    }

    private void StartSend()
    {
        try
        {
            if (!_destination!.SendAsync(this))
            {
                Complete();
            }
        }
        catch (Exception e)
        {
            End(e);
        }
    }

    private void Complete()
    {
        try
        {
            while (Advance())
            {
            }
        }
        catch (Exception e)
        {
            End(e);
        }
    }

    /// <summary>Handles the operation that just completed and starts the next; true when that one completed at once too.</summary>
    private bool Advance()
    {
        // A stream step's outcome is in _streamResult (an error was thrown); SocketError still holds the last socket operation's.
        if (_step < Step.StreamWaiting && SocketError != SocketError.Success)
        {
            End(new SocketException((int)SocketError));
            return false;
        }

        var connection = _connection!;
        switch (_step)
        {
            case Step.FirstByte:
                _step = Step.Idle;
                connection.OnClientSpoke(this);
                return false;

            case Step.Connecting:
                _step = Step.Idle;
                connection.OnUpstreamConnected();
                return false;

            case Step.SendingPrefix:
                _sent += BytesTransferred;
                if (_sent < _length)
                {
                    SetBuffer(_prefix.AsMemory(_sent, _length - _sent));
                    return !_destination!.SendAsync(this);
                }

                _prefix = null;
                return WaitForData();

            case Step.Waiting:
                if (_pipe is not null)
                {
                    return Splice(connection);
                }

                _buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
                _step = Step.Receiving;
                SetBuffer(_buffer.AsMemory(0, _bufferSize));
                return !_source!.ReceiveAsync(this);

            case Step.Receiving:
                _length = BytesTransferred;
                if (_length == 0)
                {
                    ReturnBuffer();
                    if (_destinationStream is not null)
                    {
                        _step = Step.StreamClosing;
                        return CloseStream();
                    }

                    _destination!.Shutdown(SocketShutdown.Send);
                    _step = Step.Idle;
                    connection.DirectionFinished(this);
                    return false;
                }

                connection.OnData(ToUpstream);
                if (_destinationStream is not null)
                {
                    _step = Step.StreamWriting;
                    return WriteStream(_buffer.AsMemory(0, _length));
                }

                if (_length == _bufferSize && _pipe is null && Splicing.Enabled)
                {
                    // A full buffer: a long transfer is under way; the rest goes through a pipe, if one is free.
                    _splicing = connection.Context.Splicing;
                    _pipe = _splicing.TryAcquire();
                }

                _sent = 0;
                _fromPipe = false;
                _step = Step.Sending;
                SetBuffer(_buffer.AsMemory(0, _length));
                return !_destination!.SendAsync(this);

            case Step.Sending:
                _sent += BytesTransferred;
                if (_sent < _length)
                {
                    SetBuffer(_buffer.AsMemory(_sent, _length - _sent));
                    return !_destination!.SendAsync(this);
                }

                if (!_fromPipe)
                {
                    connection.Context.Counters.AddBytes(ToUpstream, _length);
                }

                // Back to the pool before the wait: an idle connection holds no buffer, and nothing can race for it.
                ReturnBuffer();
                if (_pipe is not null)
                {
                    return _pipe.Pending > 0 ? SendFromPipe() : Splice(connection);
                }

                return WaitForData();

            default:
                return AdvanceStream(connection);
        }
    }

    /// <summary>
    /// Moves data from the source to the destination through the pipe until the source has nothing more for now
    /// (then waits with a zero-byte receive), it ends, or the destination is full (then a normal send waits for room).
    /// </summary>
    private bool Splice(SocketConnection connection)
    {
        var pipe = _pipe!;
        while (true)
        {
            var moved = pipe.FillFrom(_source!, Math.Max(_bufferSize, SplicePipe.Capacity));
            if (moved == 0)
            {
                _destination!.Shutdown(SocketShutdown.Send);
                _step = Step.Idle;
                connection.DirectionFinished(this);
                return false;
            }

            if (moved < 0)
            {
                _step = Step.Waiting;
                SetBuffer(Memory<byte>.Empty);
                return !_source!.ReceiveAsync(this);
            }

            connection.OnData(ToUpstream);
            connection.Context.Counters.AddBytes(ToUpstream, moved);
            if (!pipe.DrainTo(_destination!))
            {
                return SendFromPipe();
            }
        }
    }

    /// <summary>The destination is full: copy what the pipe holds into a buffer and let a send wait for room.</summary>
    private bool SendFromPipe()
    {
        _buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
        _length = _pipe!.ReadInto(_buffer);
        _sent = 0;
        _fromPipe = true;
        _step = Step.Sending;
        SetBuffer(_buffer.AsMemory(0, _length));
        return !_destination!.SendAsync(this);
    }

    private void End(Exception exception)
    {
        ReturnBuffer();
        var step = _step;
        _step = Step.Idle;
        if (step == Step.Connecting)
        {
            _connection!.OnUpstreamConnectFailed(exception);
        }
        else
        {
            _connection!.DirectionFailed(this, exception);
        }
    }

    private void ReturnBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            SetBuffer(Memory<byte>.Empty);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
