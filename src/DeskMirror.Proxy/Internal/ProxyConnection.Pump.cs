using System.Buffers;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

internal sealed partial class ProxyConnection
{
    /// <summary>
    /// Copies one direction until the source finishes sending, then shuts down the destination's send side.
    /// Each chunk is written as soon as it is read: no coalescing, so a 30-byte SSE event goes out at once.
    /// </summary>
    private async Task PumpAsync(Socket source, Socket destination, bool toUpstream)
    {
        var bufferSize = _context.Options.BufferSize;
        byte[]? buffer = null;
        var firstByteSeen = false;
        try
        {
            while (true)
            {
                // A zero-byte read waits for data without a buffer. When nothing is ready the buffer goes
                // back to the pool first, so an idle connection holds none (YARP's StreamCopier habit).
                var ready = source.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
                if (!ready.IsCompleted && buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }

                await ready;
                buffer ??= ArrayPool<byte>.Shared.Rent(bufferSize);
                var read = await source.ReceiveAsync(buffer.AsMemory(0, bufferSize), SocketFlags.None);
                if (read == 0)
                {
                    destination.Shutdown(SocketShutdown.Send);
                    DirectionFinished();
                    return;
                }

                if (toUpstream && !firstByteSeen)
                {
                    firstByteSeen = true;
                    FirstByteArrived();
                }

                RefreshHalfCloseDeadline();

                var sent = 0;
                while (sent < read)
                {
                    sent += await destination.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                }

                _context.Counters.AddBytes(toUpstream, read);
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private void Fail(Exception exception)
    {
        if (Volatile.Read(ref _aborted) != 0)
        {
            return; // the other direction or a stop already closed both sides
        }

        var client = ClientEndPoint;
        Abort();

        if (SocketErrors.IsConnectionEnd(exception))
        {
            Log.ConnectionReset(_context.Logger, client);
        }
        else if (_context.ConnectionFailureLog.TryAcquire(out var suppressed))
        {
            Log.ConnectionFailed(_context.Logger, exception, client, suppressed);
        }
    }
}
