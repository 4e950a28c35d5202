using System.Buffers;
using System.Net.WebSockets;
using DeskMirror.Server.Modes;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// One WebSocket viewer. The send loop reads the output at its own offset (replay and live are the same
/// loop, so nothing is skipped or sent twice) and sends binary frames; the receive loop turns messages into
/// input where the mode allows it. A viewer that stops reading is dropped by <see cref="SessionOutput"/>'s
/// lag watch and may reconnect with <c>from=</c>; the PTY never waits for it.
/// </summary>
internal sealed class SessionViewer(WebSocket socket, Session session, SessionManager manager, bool canType, ILogger logger)
{
    /// <summary>How long to wait for the client's half of the closing handshake.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private long _position;

    public async Task RunAsync(long from, CancellationToken aborted)
    {
        _position = from;
        using var drop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, drop.Token);
        using var lease = session.Output.AddViewer(() =>
        {
            try
            {
                _ = drop.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // The viewer left while it was being dropped.
            }
        });
        using var stopSending = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
        var send = SendLoopAsync(lease, stopSending.Token);
        var receive = ReceiveLoopAsync(linked.Token);
        try
        {
            if (await Task.WhenAny(send, receive) == receive)
            {
                // The client closed, or sent what it may not: stop sending, then answer with the right status.
                var (status, description) = await receive;
                await stopSending.CancelAsync();
                await Quietly(send);
                await CloseAsync(status, description);
                return;
            }

            await Quietly(send);
            if (drop.IsCancellationRequested)
            {
                var position = Interlocked.Read(ref _position);
                Log.ViewerDropped(logger, session.Info.Id, position);
                socket.Abort();
                return;
            }

            if (socket.State == WebSocketState.Open)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "session ended");
                await Quietly(receive.WaitAsync(CloseTimeout, aborted));
            }
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var reason = socket.CloseStatusDescription ?? socket.State.ToString();
                Log.ViewerEnded(logger, session.Info.Id, reason);
            }
        }
    }

    private async Task SendLoopAsync(ViewerLease lease, CancellationToken cancellationToken)
    {
        var output = session.Output;
        var frameBytes = manager.Options.FrameBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(frameBytes);
        try
        {
            using var log = output.OpenLogForReading();
            while (true)
            {
                var position = Interlocked.Read(ref _position);
                var count = output.Read(log, position, buffer.AsSpan(0, frameBytes));
                if (count > 0)
                {
                    lease.BeginSend();
                    await socket.SendAsync(buffer.AsMemory(0, count), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
                    lease.EndSend();
                    Interlocked.Exchange(ref _position, position + count);
                    continue;
                }

                if (output.IsCompleted && position >= output.Length)
                {
                    return;
                }

                if (position < output.Length)
                {
                    // Bytes that exist but cannot be read (the log lost them): skip to what can be, rather than spin.
                    Interlocked.Exchange(ref _position, output.NextReadable(position));
                    continue;
                }

                await output.WaitForMoreAsync(position, cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Returns how to close: the client's close, or a refusal of its input.</summary>
    private async Task<(WebSocketCloseStatus Status, string Description)> ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var limit = manager.Options.MaxInputBytes;
        var buffer = new byte[limit + 1];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        return (WebSocketCloseStatus.MessageTooBig, $"input messages are limited to {limit} bytes");
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (WebSocketCloseStatus.NormalClosure, "bye");
                }

                if (length > limit)
                {
                    return (WebSocketCloseStatus.MessageTooBig, $"input messages are limited to {limit} bytes");
                }

                if (!canType)
                {
                    return (WebSocketCloseStatus.PolicyViolation, MirrorPolicy.RuleTypeInto);
                }

                // An error means the session ended: output keeps flowing to the end, the input has nowhere to go.
                _ = await manager.WriteInputAsync(session.Info.Id, buffer.AsMemory(0, length), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return (WebSocketCloseStatus.EndpointUnavailable, "connection lost");
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await socket.CloseOutputAsync(status, description, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or IOException)
        {
        }
    }
}
