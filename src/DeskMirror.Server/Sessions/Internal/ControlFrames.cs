using System.Buffers;
using System.Text.Json;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// The text frames of the framed stream protocol (docs/sessions.md, "The stream"). Server to viewer:
/// <c>{"type":"snapshot","offset","cols","rows","length"}</c> (the next <c>length</c> bytes of binary frames rebuild the
/// screen as of <c>offset</c>), <c>{"type":"output","offset","cols","rows"}</c> (output from <c>offset</c> follows),
/// <c>{"type":"resize","offset","cols","rows"}</c> (the output from <c>offset</c> on is drawn at that size). Viewer to
/// server: <c>{"type":"ack","bytes":N}</c>, the binary bytes it has finished drawing since it connected.
/// </summary>
internal static class ControlFrames
{
    /// <summary>Largest acknowledgement accepted.</summary>
    private const int MaxAcknowledgementBytes = 256;

    public static byte[] Snapshot(long offset, int cols, int rows, int length) => Write("snapshot", offset, cols, rows, length);

    public static byte[] Output(long offset, int cols, int rows) => Write("output", offset, cols, rows, null);

    public static byte[] Resize(long offset, int cols, int rows) => Write("resize", offset, cols, rows, null);

    /// <summary>The byte count of an <c>ack</c> message, or null when the message is anything else.</summary>
    public static long? ReadAcknowledgement(ReadOnlySpan<byte> message)
    {
        if (message.Length > MaxAcknowledgementBytes)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(message);
            string? type = null;
            long? bytes = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else if (reader.ValueTextEquals("bytes"u8) && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= 0)
                {
                    bytes = value;
                }
                else
                {
                    return null;
                }
            }

            return type == "ack" && reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? bytes : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Write(string type, long offset, int cols, int rows, int? length)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteNumber("offset", offset);
            writer.WriteNumber("cols", cols);
            writer.WriteNumber("rows", rows);
            if (length is { } value)
            {
                writer.WriteNumber("length", value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
