using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DeskMirror.Server.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace DeskMirror.Bench.Sessions;

internal sealed partial class BenchServer
{
    /// <summary>The last line a printed session draws (<see cref="StartPrintedSessionAsync"/>): its current screen shows it.</summary>
    public const string PrintedAll = "printed-all";

    /// <summary>
    /// Starts a 120×40 session that prints <paramref name="bytes"/> bytes of coloured lines and then waits for input;
    /// returns once the server's screen has taken all of it in, with the session's output length.
    /// </summary>
    public async Task<(string Id, long Output)> StartPrintedSessionAsync(long bytes)
    {
        var manager = _server.Services.GetRequiredService<ISessionManager>();
        var command = $"yes \"$(printf 'DeskMirror open benchmark: \\033[1;32mthe quick brown fox\\033[0m jumps over \\033[38;5;208mthe lazy dog\\033[0m 0123456789')\" | head -c {bytes}; printf '\\033[0m\\n{PrintedAll}'; read x";
        var created = await manager.CreateAsync(new CreateSessionRequest(_projectId, SessionKind.Task, command, "open", false, 120, 40));
        var session = created.Value ?? throw new InvalidOperationException(created.Error!.Message);
        using var client = Client();
        while (true)
        {
            using var screen = JsonDocument.Parse(await client.GetStringAsync($"/session/{session.Id}/screen"));
            var lines = screen.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetString());
            if (lines.Any(l => l == PrintedAll))
            {
                return (session.Id, screen.RootElement.GetProperty("offset").GetInt64());
            }

            // Output growth raises no event a client can await; a benchmark may poll.
            await Task.Delay(50);
        }
    }

    /// <summary>Opens the session's view as the browser does (framed, credit) and reads its first snapshot to the last byte.</summary>
    public async Task<(TimeSpan Elapsed, long SnapshotBytes)> OpenViewAsync(string id)
    {
        var watch = Stopwatch.StartNew();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Credentials.Username}:{Credentials.Password}")));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_server.MirrorEndpoint.Port}/session/{id}/stream?credit=1"), CancellationToken.None);
        var buffer = new byte[64 * 1024];
        var header = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        if (header.MessageType != WebSocketMessageType.Text || !header.EndOfMessage)
        {
            throw new InvalidOperationException("the stream did not start with a control frame");
        }

        using var control = JsonDocument.Parse(buffer.AsMemory(0, header.Count));
        if (control.RootElement.GetProperty("type").GetString() != "snapshot")
        {
            throw new InvalidOperationException("the stream did not start with a snapshot");
        }

        var length = control.RootElement.GetProperty("length").GetInt64();
        long received = 0;
        while (received < length)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (result.MessageType != WebSocketMessageType.Binary)
            {
                throw new InvalidOperationException("the snapshot ended early");
            }

            received += result.Count;
        }

        var elapsed = watch.Elapsed;
        socket.Abort();
        return (elapsed, length);
    }

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.DesktopEndpoint.Port}") };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Credentials.Username}:{Credentials.Password}")));
        return client;
    }
}
