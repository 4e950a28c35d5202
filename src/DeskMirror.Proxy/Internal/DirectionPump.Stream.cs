using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// The client's end of a TLS connection: the same state machine, with the reads from the client (decrypted) or the
/// writes to it (encrypted) going through an <see cref="SslStream"/>. A stream operation's continuation re-enters the
/// state machine exactly as a socket completion does, so a TLS connection holds no task or async state machine of its
/// own either, and its buffer is rented only after the stream's zero-byte read says data is there (SslStream then
/// holds no buffer of its own while idle).
/// </summary>
internal sealed partial class DirectionPump
{
    private Stream? _sourceStream;
    private Stream? _destinationStream;
    private ValueTask<int> _pendingRead;
    private ValueTask _pendingWrite;
    private Task? _pendingClose;
    private Action? _onStreamCompleted;
    private int _streamResult;

    /// <summary>Reads from the source stream; true when it completed at once (the count is in <see cref="_streamResult"/>).</summary>
    private bool ReadStream(Memory<byte> buffer)
    {
        var read = _sourceStream!.ReadAsync(buffer);
        if (read.IsCompleted)
        {
            _streamResult = read.GetAwaiter().GetResult();
            return true;
        }

        _pendingRead = read;
        read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onStreamCompleted ??= OnStreamCompleted);
        return false;
    }

    /// <summary>Writes to the destination stream; true when it completed at once.</summary>
    private bool WriteStream(ReadOnlyMemory<byte> data)
    {
        var write = _destinationStream!.WriteAsync(data);
        if (write.IsCompleted)
        {
            write.GetAwaiter().GetResult();
            return true;
        }

        _pendingWrite = write;
        write.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onStreamCompleted ??= OnStreamCompleted);
        return false;
    }

    /// <summary>Ends the destination stream's sending side (a TLS close_notify); true when it completed at once.</summary>
    private bool CloseStream()
    {
        var close = ((SslStream)_destinationStream!).ShutdownAsync();
        if (close.IsCompleted)
        {
            close.GetAwaiter().GetResult();
            return true;
        }

        _pendingClose = close;
        close.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onStreamCompleted ??= OnStreamCompleted);
        return false;
    }

    private void OnStreamCompleted()
    {
        try
        {
            switch (_step)
            {
                case Step.StreamWaiting or Step.StreamReading:
                    var read = _pendingRead;
                    _pendingRead = default;
                    _streamResult = read.GetAwaiter().GetResult();
                    break;
                case Step.StreamWriting:
                    var write = _pendingWrite;
                    _pendingWrite = default;
                    write.GetAwaiter().GetResult();
                    break;
                case Step.StreamClosing:
                    var close = _pendingClose!;
                    _pendingClose = null;
                    close.GetAwaiter().GetResult();
                    break;
            }
        }
        catch (Exception e)
        {
            End(e);
            return;
        }

        Complete();
    }

    /// <summary>The stream steps of <see cref="Advance"/>: the operation that just completed, then the next one.</summary>
    private bool AdvanceStream(SocketConnection connection)
    {
        switch (_step)
        {
            case Step.StreamWaiting:
                // The zero-byte read came back: decrypted data (or the end) is there; only now is a buffer rented.
                _buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
                _step = Step.StreamReading;
                return ReadStream(_buffer.AsMemory(0, _bufferSize));

            case Step.StreamReading:
                _length = _streamResult;
                if (_length == 0)
                {
                    ReturnBuffer();
                    _destination!.Shutdown(SocketShutdown.Send);
                    _step = Step.Idle;
                    connection.DirectionFinished(this);
                    return false;
                }

                connection.OnData(ToUpstream);
                _sent = 0;
                _fromPipe = false;
                _step = Step.Sending;
                SetBuffer(_buffer.AsMemory(0, _length));
                return !_destination!.SendAsync(this);

            case Step.StreamWriting:
                connection.Context.Counters.AddBytes(ToUpstream, _length);
                ReturnBuffer();
                return WaitForData();

            case Step.StreamClosing:
                _destination!.Shutdown(SocketShutdown.Send);
                _step = Step.Idle;
                connection.DirectionFinished(this);
                return false;

            default:
                return false;
        }
    }
}
