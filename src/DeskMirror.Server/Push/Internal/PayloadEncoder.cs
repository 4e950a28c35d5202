using System.Text.Encodings.Web;
using System.Text.Json;

namespace DeskMirror.Server.Push.Internal;

/// <summary>
/// The JSON a device receives. Push services accept at least 4096 bytes of encrypted record (RFC 8291 §4), which
/// leaves 3993 bytes of plain text; the message, then the title, are shortened until the JSON fits in
/// <see cref="MaxPayloadBytes"/>, with room to spare.
/// </summary>
internal static class PayloadEncoder
{
    public const int MaxPayloadBytes = 3072;

    private static readonly PushJsonContext Relaxed = new(new JsonSerializerOptions(PushJsonContext.Default.Options)
    {
        // Non-ASCII text as UTF-8 instead of \uXXXX escapes: a Japanese message stays a third of the size.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string Encode(PushMessage message)
    {
        var title = message.Title;
        var text = message.Message;
        while (true)
        {
            var json = JsonSerializer.Serialize(new PushPayload(message.SessionId, title, message.Reason, text, message.Url), Relaxed.PushPayload);
            if (System.Text.Encoding.UTF8.GetByteCount(json) <= MaxPayloadBytes)
            {
                return json;
            }

            if (text is not null)
            {
                text = text.Length > 2 ? Shorten(text) : null;
            }
            else if (title.Length > 2)
            {
                title = Shorten(title);
            }
            else
            {
                throw new ArgumentException("The message's session id, reason and url alone are too long for a push payload.", nameof(message));
            }
        }
    }

    /// <summary>Half the text and an ellipsis, never splitting a surrogate pair.</summary>
    private static string Shorten(string text)
    {
        var keep = text.Length / 2;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
