using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// Writes a session as an asciinema v2 recording (<c>recording.cast</c>): a header line, then one JSON array per
/// line — <c>[seconds, "o", text]</c> for output, <c>[seconds, "r", "COLSxROWS"]</c> for a resize — with the times
/// of the session's timeline. Streams from the log in bounded chunks, so a 1 GiB session costs no more memory than
/// a small one. UTF-8 cut between two chunks is carried to the next event; invalid bytes become U+FFFD.
/// </summary>
internal static class CastWriter
{
    /// <summary>Most log bytes in one output event.</summary>
    private const int EventBytes = 32 * 1024;

    public static async Task WriteAsync(Stream destination, SessionInfo info, SessionOutputReader output, IReadOnlyList<TimelineEntry> timeline, CancellationToken cancellationToken)
    {
        var end = output.Length;
        var first = timeline.FirstOrDefault(e => e.IsResize && e.Offset == 0);
        var (width, height) = first.Cols > 0 ? (first.Cols, first.Rows) : (info.Cols, info.Rows);
        var buffer = new ArrayBufferWriter<byte>(EventBytes * 2);
        using (var header = new Utf8JsonWriter(buffer))
        {
            header.WriteStartObject();
            header.WriteNumber("version", 2);
            header.WriteNumber("width", width);
            header.WriteNumber("height", height);
            header.WriteNumber("timestamp", info.CreatedAt.ToUnixTimeSeconds());
            header.WriteString("title", info.Title);
            header.WriteStartObject("env");
            header.WriteString("TERM", Pty.PtyStartInfo.DefaultTerminalType);
            header.WriteEndObject();
            header.WriteEndObject();
        }

        buffer.Write("\n"u8);
        await Flush(destination, buffer, cancellationToken);

        // Output entries mark where a read began; the bytes up to the next entry were read at that time.
        var marks = timeline.Where(e => e.Offset <= end).OrderBy(e => e.Offset).ThenBy(e => e.IsResize ? 1 : 0).ToList();
        if (marks.Count == 0 || marks[0].Offset > 0)
        {
            marks.Insert(0, new TimelineEntry(false, 0, 0, 0, 0));
        }

        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        var bytes = new byte[EventBytes];
        var chars = new char[EventBytes + 4];
        var lastMs = 0L;
        for (var i = 0; i < marks.Count; i++)
        {
            var mark = marks[i];
            lastMs = Math.Max(lastMs, mark.Millis);
            var seconds = lastMs / 1000.0;
            if (mark.IsResize && mark.Offset > 0)
            {
                WriteEvent(buffer, seconds, "r", $"{mark.Cols}x{mark.Rows}");
            }

            var stop = i + 1 < marks.Count ? marks[i + 1].Offset : end;
            for (var offset = mark.Offset; offset < stop;)
            {
                var count = output.Read(offset, bytes.AsSpan(0, (int)Math.Min(bytes.Length, stop - offset)));
                if (count == 0)
                {
                    var next = output.NextReadable(offset);
                    if (next <= offset)
                    {
                        break;
                    }

                    offset = next;
                    continue;
                }

                offset += count;
                var length = decoder.GetChars(bytes, 0, count, chars, 0, flush: offset >= end);
                if (length > 0)
                {
                    WriteEvent(buffer, seconds, "o", new string(chars, 0, length));
                }

                if (buffer.WrittenCount >= EventBytes)
                {
                    await Flush(destination, buffer, cancellationToken);
                }
            }
        }

        await Flush(destination, buffer, cancellationToken);
    }

    private static void WriteEvent(ArrayBufferWriter<byte> buffer, double seconds, string code, string data)
    {
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(Math.Round(seconds, 3));
            writer.WriteStringValue(code);
            writer.WriteStringValue(data);
            writer.WriteEndArray();
        }

        buffer.Write("\n"u8);
    }

    private static async Task Flush(Stream destination, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.WrittenCount == 0)
        {
            return;
        }

        await destination.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }
}
