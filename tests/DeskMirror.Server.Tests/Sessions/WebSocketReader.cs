using System.Net.WebSockets;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>Reads a session stream until the server closes it.</summary>
internal static class WebSocketReader
{
    public static async Task<byte[]> ReadToCloseAsync(ClientWebSocket socket, TimeSpan? timeout = null)
    {
        using var bytes = new MemoryStream();
        await ReadToCloseAsync(socket, chunk => bytes.Write(chunk.Span), timeout);
        return bytes.ToArray();
    }

    public static async Task ReadToCloseAsync(ClientWebSocket socket, Action<ReadOnlyMemory<byte>> onData, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var buffer = new byte[128 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, deadline.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
                    return;
                }

                onData(buffer.AsMemory(0, result.Count));
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException("Timed out reading the session stream to its close.");
        }
    }
}
