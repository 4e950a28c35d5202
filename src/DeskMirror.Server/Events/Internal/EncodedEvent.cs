using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeskMirror.Server.Http;

namespace DeskMirror.Server.Events.Internal;

/// <summary>An event with its SSE frame encoded once at publish, so a thousand subscribers share one byte array.</summary>
internal sealed class EncodedEvent
{
    private EncodedEvent(ServerEvent serverEvent, byte[] frame)
    {
        Event = serverEvent;
        Frame = frame;
    }

    public ServerEvent Event { get; }

    /// <summary><c>id:</c>, <c>event:</c> and a one-line <c>data:</c>, ending with the blank line.</summary>
    public byte[] Frame { get; }

    public static EncodedEvent Create(ServerEvent serverEvent)
        => new(serverEvent, EncodeFrame(serverEvent.Id, serverEvent.Type, new EventEnvelope(serverEvent.Type, serverEvent.Properties)));

    /// <summary>Encodes one frame; <paramref name="id"/> null leaves the client's last event id unchanged.</summary>
    public static byte[] EncodeFrame(long? id, string type, EventEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        if (id is { } value)
        {
            Write(buffer, "id: ");
            Write(buffer, value.ToString(CultureInfo.InvariantCulture));
            Write(buffer, "\n");
        }

        Write(buffer, "event: ");
        Write(buffer, type);
        Write(buffer, "\ndata: ");
        // Compact JSON escapes control characters, so the data is always a single line.
        using (var json = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(json, envelope, ServerJsonContext.Default.EventEnvelope);
        }

        Write(buffer, "\n\n");
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
