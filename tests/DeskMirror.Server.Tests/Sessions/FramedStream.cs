using System.Net.WebSockets;
using System.Text.Json.Nodes;
using DeskMirror.Terminal;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>
/// A client of the framed stream protocol, as the browser is: it follows the control frames and draws every binary
/// frame into its own emulator, counts what it drew, and acknowledges it when asked to.
/// </summary>
internal sealed class FramedStream(ClientWebSocket socket)
{
    private readonly byte[] _buffer = new byte[256 * 1024];

    public TerminalEmulator Screen { get; private set; } = new(new TerminalOptions { ScrollbackLines = 10_000 });

    /// <summary>Every control frame so far, in order.</summary>
    public List<JsonObject> Controls { get; } = [];

    /// <summary>Binary bytes received (snapshots and output).</summary>
    public long Received { get; private set; }

    /// <summary>The output offset what was drawn stands for.</summary>
    public long Offset { get; private set; }

    /// <summary>Binary bytes still owed to the snapshot announced last.</summary>
    public long SnapshotRemaining { get; private set; }

    public bool Closed { get; private set; }

    /// <summary>Reads one message; false once the server closed.</summary>
    public async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        if (result.MessageType == WebSocketMessageType.Close)
        {
            Closed = true;
            return false;
        }

        if (result.MessageType == WebSocketMessageType.Text)
        {
            var control = JsonNode.Parse(_buffer.AsSpan(0, length))!.AsObject();
            Controls.Add(control);
            var cols = control["cols"]!.GetValue<int>();
            var rows = control["rows"]!.GetValue<int>();
            switch (control["type"]!.GetValue<string>())
            {
                case "snapshot":
                    Screen = new TerminalEmulator(new TerminalOptions { Cols = cols, Rows = rows, ScrollbackLines = 10_000 });
                    SnapshotRemaining = control["length"]!.GetValue<long>();
                    break;
                case "output" or "resize":
                    Screen.Resize(cols, rows);
                    break;
                default:
                    throw new InvalidOperationException($"unknown control {control.ToJsonString()}");
            }

            Offset = control["offset"]!.GetValue<long>();
            return true;
        }

        Screen.Feed(_buffer.AsSpan(0, length));
        Received += length;
        if (SnapshotRemaining > 0)
        {
            SnapshotRemaining -= length;
        }
        else
        {
            Offset += length;
        }

        return true;
    }

    public Task AcknowledgeAsync(CancellationToken cancellationToken)
        => socket.SendAsync(System.Text.Encoding.UTF8.GetBytes($$"""{"type":"ack","bytes":{{Received}}}"""), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>Reads until <paramref name="done"/> holds, failing with <paramref name="what"/> when it does not in time.</summary>
    public async Task ReadUntilAsync(Func<FramedStream, bool> done, string what, bool acknowledge = false)
    {
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutSpan);
        try
        {
            while (!done(this))
            {
                if (!await ReadAsync(deadline.Token))
                {
                    Assert.True(done(this), $"the stream closed before {what}");
                    return;
                }

                if (acknowledge)
                {
                    await AcknowledgeAsync(deadline.Token);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting for {what}; offset {Offset}, received {Received}, controls {string.Join(" ", Controls.Select(c => c.ToJsonString()))}");
        }
    }

    public string Text() => string.Join("\n", Screen.GetScreenText().Lines);
}
