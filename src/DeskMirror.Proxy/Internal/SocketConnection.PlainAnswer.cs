using System.Buffers;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// <see cref="TcpMirrorProxyOptions.RedirectPlainHttp"/>: a plain client is answered here (<see cref="PlainHttpAnswer"/>)
/// and never reaches the upstream. Reading its request is bounded by <see cref="PlainHttpAnswer.MaxHeadBytes"/> and
/// <see cref="TcpMirrorProxyOptions.TlsHandshakeTimeout"/>, as a TLS client's first exchange is.
/// </summary>
internal sealed partial class SocketConnection
{
    /// <summary>What is read of a request body after the answer, so closing does not reset the answer away: a small bound.</summary>
    private const int MaxDrainBytes = 64 * 1024;

    private void StartPlainAnswer()
    {
        StartHandshakeDeadline();
        ThreadPool.UnsafeQueueUserWorkItem(static connection => _ = connection.AnswerPlainAsync(), this, preferLocal: false);
    }

    private async Task AnswerPlainAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(PlainHttpAnswer.MaxHeadBytes);
        try
        {
            var length = 0;
            while (length < PlainHttpAnswer.MaxHeadBytes && PlainHttpAnswer.HeadLength(buffer.AsSpan(0, length)) < 0)
            {
                var read = await _client.ReceiveAsync(buffer.AsMemory(length, PlainHttpAnswer.MaxHeadBytes - length), SocketFlags.None).ConfigureAwait(false);
                if (read == 0)
                {
                    return; // left before finishing its request
                }

                length += read;
            }

            var answer = PlainHttpAnswer.For(buffer.AsSpan(0, length), Context.Options.AuthorityCertificate?.RawData);
            await _client.SendAsync(answer, SocketFlags.None).ConfigureAwait(false);
            Context.Counters.PlainHttpAnswered();
            _client.Shutdown(SocketShutdown.Send);

            // Closing with unread bytes (a request body) would send a reset, which can discard the answer before the
            // client reads it; read what it still sends, within a bound, until it closes.
            var drained = 0;
            int more;
            while (drained < MaxDrainBytes && (more = await _client.ReceiveAsync(buffer.AsMemory(0, PlainHttpAnswer.MaxHeadBytes), SocketFlags.None).ConfigureAwait(false)) > 0)
            {
                drained += more;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Reset by the client, or aborted (the deadline, a stop): nothing more to say to it.
        }
        finally
        {
            EndHandshakeDeadline();
            ArrayPool<byte>.Shared.Return(buffer);
            PumpEnded();
        }
    }
}
