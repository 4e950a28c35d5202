using System.Text;

namespace DeskMirror.Terminal.Internal;

/// <summary>
/// Kitty's desktop notifications, <c>OSC 99 ; metadata ; payload</c>: metadata is <c>key=value</c> pairs joined by
/// colons; <c>i</c> names the notification, <c>d=0</c> says more chunks follow, <c>p</c> says whether the payload
/// is the <c>title</c> (the default) or the <c>body</c>, <c>e=1</c> that it is base64. Chunks are collected per
/// identifier until one without <c>d=0</c>; other payload types (queries, icons, buttons, close) are ignored.
/// Bounded: at most <see cref="MaxPending"/> notifications in progress, each at most <see cref="MaxTextChars"/>.
/// </summary>
internal sealed class KittyNotificationAssembler
{
    public const int MaxPending = 8;
    public const int MaxTextChars = 4096;

    private readonly List<Pending> _pending = [];

    public void Add(ReadOnlySpan<byte> osc, ITerminalSignals signals)
    {
        var separator = osc.IndexOf((byte)';');
        var metadata = separator < 0 ? osc : osc[..separator];
        var payload = separator < 0 ? [] : osc[(separator + 1)..];

        var id = string.Empty;
        var done = true;
        var isBody = false;
        var base64 = false;
        foreach (var range in metadata.Split((byte)':'))
        {
            var pair = metadata[range];
            var equals = pair.IndexOf((byte)'=');
            if (equals < 1)
            {
                continue;
            }

            var key = pair[..equals];
            var value = pair[(equals + 1)..];
            if (key.SequenceEqual("i"u8))
            {
                id = Encoding.UTF8.GetString(value);
            }
            else if (key.SequenceEqual("d"u8))
            {
                done = !value.SequenceEqual("0"u8);
            }
            else if (key.SequenceEqual("e"u8))
            {
                base64 = value.SequenceEqual("1"u8);
            }
            else if (key.SequenceEqual("p"u8))
            {
                if (value.SequenceEqual("body"u8))
                {
                    isBody = true;
                }
                else if (!value.SequenceEqual("title"u8))
                {
                    return;
                }
            }
        }

        var text = Decode(payload, base64);
        var entry = _pending.Find(p => p.Id == id);
        if (entry is null)
        {
            if (_pending.Count == MaxPending)
            {
                _pending.RemoveAt(0);
            }

            entry = new Pending(id);
            _pending.Add(entry);
        }

        Append(isBody ? entry.Body : entry.Title, text);
        if (!done)
        {
            return;
        }

        _pending.Remove(entry);
        var title = entry.Title.ToString();
        var body = entry.Body.ToString();
        if (title.Length > 0 || body.Length > 0)
        {
            signals.Notification(new TerminalNotification(TerminalNotificationSource.Osc99, title.Length > 0 ? title : null, body));
        }
    }

    private static string Decode(ReadOnlySpan<byte> payload, bool base64)
    {
        if (!base64)
        {
            return Encoding.UTF8.GetString(payload);
        }

        var bytes = new byte[(payload.Length * 3 / 4) + 3];
        return Convert.TryFromBase64Chars(Encoding.ASCII.GetString(payload), bytes, out var written)
            ? Encoding.UTF8.GetString(bytes, 0, written)
            : string.Empty;
    }

    private static void Append(StringBuilder target, string text) =>
        target.Append(text.AsSpan(0, Math.Min(text.Length, MaxTextChars - target.Length)));

    private sealed class Pending(string id)
    {
        public string Id { get; } = id;

        public StringBuilder Title { get; } = new();

        public StringBuilder Body { get; } = new();
    }
}
