using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DeskMirror.Server.Events.Internal;

/// <summary>
/// An event with its SSE frame for one listener's sequence. The body (<c>event:</c> and <c>data:</c>) is encoded
/// once per publish and shared by both listeners; only the <c>id:</c> line differs. A thousand subscribers of a
/// listener share one byte array.
/// </summary>
internal sealed class EncodedEvent
{
    private EncodedEvent(long id, ServerEvent serverEvent, byte[] frame)
    {
        Id = id;
        Event = serverEvent;
        Frame = frame;
    }

    /// <summary>The id in its listener's sequence.</summary>
    public long Id { get; }

    public ServerEvent Event { get; }

    /// <summary><c>id:</c>, <c>event:</c> and a one-line <c>data:</c>, ending with the blank line.</summary>
    public byte[] Frame { get; }

    /// <summary>Prefixes a body from <see cref="EncodeBody"/> with the id line.</summary>
    public static EncodedEvent Create(long id, ServerEvent serverEvent, byte[] body)
    {
        var buffer = new ArrayBufferWriter<byte>(body.Length + 24);
        WriteId(buffer, id);
        buffer.Write(body);
        return new EncodedEvent(id, serverEvent, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Encodes one frame; <paramref name="id"/> null leaves the client's last event id unchanged.</summary>
    public static byte[] EncodeFrame(long? id, ServerEvent serverEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        if (id is { } value)
        {
            WriteId(buffer, value);
        }

        WriteBody(buffer, serverEvent);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary><c>event:</c> and <c>data: {"type": …, "properties": …}</c>, ending with the blank line.</summary>
    public static byte[] EncodeBody(ServerEvent serverEvent)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteBody(buffer, serverEvent);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteId(ArrayBufferWriter<byte> buffer, long id)
    {
        Write(buffer, "id: ");
        Write(buffer, id.ToString(CultureInfo.InvariantCulture));
        Write(buffer, "\n");
    }

    private static void WriteBody(ArrayBufferWriter<byte> buffer, ServerEvent serverEvent)
    {
        Write(buffer, "event: ");
        Write(buffer, serverEvent.Type);
        Write(buffer, "\ndata: ");
        // Compact JSON escapes control characters, so the data is always a single line.
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, serverEvent.Type);
            json.WritePropertyName("properties"u8);
            serverEvent.WriteProperties(json);
            json.WriteEndObject();
        }

        Write(buffer, "\n\n");
    }

    private static void Write(ArrayBufferWriter<byte> buffer, string text)
    {
        var span = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
