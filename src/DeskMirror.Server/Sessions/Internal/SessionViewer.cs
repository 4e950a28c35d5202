using System.Buffers;
using System.Net.WebSockets;
using DeskMirror.Server.Modes;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// One WebSocket viewer. The send loop reads the output at its own offset (replay and live are the same loop, so
/// nothing is skipped or sent twice) and sends binary frames; framed viewers also get text control frames (a
/// snapshot's header, the offset output resumes at, a resize) and, when far behind, a fresh snapshot instead of
/// the backlog; a credit viewer is sent at most a window beyond what it acknowledged. The receive loop turns
/// messages into input where the mode allows it, and reads acknowledgements. A viewer whose send does not
/// complete is dropped by <see cref="SessionOutput"/>'s lag watch; the PTY never waits for it.
/// </summary>
internal sealed class SessionViewer(WebSocket socket, Session session, SessionManager manager, SessionStreamRequest request, ILogger logger)
{
    /// <summary>How long to wait for the client's half of the closing handshake.</summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly Lock _creditLock = new();
    private long _position;
    private long _sent;
    private long _acknowledged;
    private TaskCompletionSource? _credit;
    private (int Cols, int Rows) _size;

    public async Task RunAsync(CancellationToken aborted)
    {
        var output = session.Output;
        _position = request.From ?? Math.Max(0, output.Length - manager.Options.RingBytes);
        using var drop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, drop.Token);
        using var lease = output.AddViewer(() =>
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
            SessionTerminal? terminal = null;
            if (!request.Raw)
            {
                terminal = await manager.TerminalOfAsync(session, cancellationToken);
                await StartFramedAsync(terminal, lease, cancellationToken);
            }

            using var log = output.OpenLogForReading();
            while (true)
            {
                // Credit first: how far behind the viewer is is judged when it may be sent something, so a viewer
                // that acknowledges after a long pause is not sent a window of stale backlog before its snapshot.
                long want = frameBytes;
                if (terminal is not null && request.Credit)
                {
                    want = Math.Min(want, await WaitForCreditAsync(cancellationToken));
                }

                var position = Interlocked.Read(ref _position);
                if (terminal is not null)
                {
                    var length = output.Length;
                    if (length - position > manager.Options.ViewerCatchUpBytes)
                    {
                        // The server's screen may lag the output (it is fed by its own consumer): a snapshot taken
                        // now could stand for an offset the viewer is still far behind. Wait until it has taken in
                        // everything there was, so the viewer jumps to the current screen in one snapshot.
                        await terminal.WaitForOffsetAsync(length, cancellationToken);
                        await SendSnapshotAsync(terminal, lease, cancellationToken);
                        continue;
                    }

                    if (terminal.SizeAt(position) is { } size && size != _size)
                    {
                        await SendControlAsync(ControlFrames.Resize(position, size.Cols, size.Rows), cancellationToken);
                        _size = size;
                    }

                    if (terminal.NextResizeAfter(position) is { } resize)
                    {
                        want = Math.Min(want, resize.Offset - position);
                    }
                }

                var count = want <= 0 ? 0 : output.Read(log, position, buffer.AsSpan(0, (int)want));
                if (count > 0)
                {
                    await SendBinaryAsync(lease, buffer.AsMemory(0, count), cancellationToken);
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

    /// <summary>Resumes byte-exactly when the offset is recent enough and its size is known; else starts with a snapshot.</summary>
    private async Task StartFramedAsync(SessionTerminal terminal, ViewerLease lease, CancellationToken cancellationToken)
    {
        var output = session.Output;
        if (request.From is { } from
            && from >= output.Length - manager.Options.RingBytes
            && output.NextReadable(from) == from
            && terminal.SizeAt(from) is { } size)
        {
            await SendControlAsync(ControlFrames.Output(from, size.Cols, size.Rows), cancellationToken);
            _size = size;
            return;
        }

        await SendSnapshotAsync(terminal, lease, cancellationToken);
    }

    private async Task SendSnapshotAsync(SessionTerminal terminal, ViewerLease lease, CancellationToken cancellationToken)
    {
        var snapshot = terminal.CreateSnapshot(manager.Options.SnapshotScrollbackLines);
        await SendControlAsync(ControlFrames.Snapshot(snapshot.Offset, snapshot.Cols, snapshot.Rows, snapshot.Data.Length), cancellationToken);
        var frameBytes = manager.Options.FrameBytes;
        for (var start = 0; start < snapshot.Data.Length; start += frameBytes)
        {
            await SendBinaryAsync(lease, snapshot.Data.AsMemory(start, Math.Min(frameBytes, snapshot.Data.Length - start)), cancellationToken);
        }

        Interlocked.Exchange(ref _position, snapshot.Offset);
        _size = (snapshot.Cols, snapshot.Rows);
    }

    private async Task SendBinaryAsync(ViewerLease lease, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        lease.BeginSend();
        await socket.SendAsync(data, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);
        lease.EndSend(data.Length);
        Interlocked.Add(ref _sent, data.Length);
    }

    private Task SendControlAsync(byte[] json, CancellationToken cancellationToken)
        => socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Waits until the viewer may be sent more; returns how much.</summary>
    private async Task<long> WaitForCreditAsync(CancellationToken cancellationToken)
    {
        var window = manager.Options.ViewerWindowBytes;
        while (true)
        {
            Task wait;
            lock (_creditLock)
            {
                var room = window - (Interlocked.Read(ref _sent) - _acknowledged);
                if (room > 0)
                {
                    return room;
                }

                _credit ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _credit.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The viewer has drawn <paramref name="bytes"/> bytes of binary frames in all; false when that cannot be.</summary>
    private bool Acknowledge(long bytes)
    {
        TaskCompletionSource? credit;
        lock (_creditLock)
        {
            if (bytes < _acknowledged || bytes > Interlocked.Read(ref _sent))
            {
                return false;
            }

            _acknowledged = bytes;
            credit = _credit;
            _credit = null;
        }

        credit?.TrySetResult();
        return true;
    }

    /// <summary>Returns how to close: the client's close, or a refusal of what it sent.</summary>
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

                if (!request.Raw && result.MessageType == WebSocketMessageType.Text)
                {
                    // Framed: text frames are control messages, never input.
                    if (ControlFrames.ReadAcknowledgement(buffer.AsSpan(0, length)) is not { } acknowledged || !Acknowledge(acknowledged))
                    {
                        return (WebSocketCloseStatus.InvalidPayloadData, "text frames must be {\"type\":\"ack\",\"bytes\":N} with N at most the bytes sent");
                    }

                    continue;
                }

                if (!request.AcceptInput)
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
