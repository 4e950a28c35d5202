using System.Net.WebSockets;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Devices;

/// <summary>Waits for a live stream to end, reading (and dropping) whatever it still delivers until then.</summary>
internal static class StreamEnd
{
    /// <summary>Completes when the event stream ends or its connection is cut.</summary>
    public static async Task OfEventsAsync(SseReader events)
    {
        try
        {
            while (await events.ReadAsync() is not null)
            {
            }
        }
        catch (IOException)
        {
            // The connection was reset: ended.
        }
    }

    /// <summary>Completes when the WebSocket is closed or its connection is cut.</summary>
    public static async Task OfWebSocketAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (WebSocketException)
        {
            // The connection was cut without a close handshake: ended.
        }
    }
}
