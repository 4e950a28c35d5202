using System.Text;

namespace DeskMirror.Terminal.Internal;

internal sealed partial class TerminalState
{
    private KittyNotificationAssembler? _kitty;

    /// <summary>
    /// A complete operating system command (its UTF-8 bytes between <c>ESC ]</c> and the terminator), parsed as
    /// xterm.js does: a decimal identifier, a semicolon, the payload; anything else before the semicolon drops it.
    /// </summary>
    public void OscDispatch(ReadOnlySpan<byte> osc)
    {
        var id = -1;
        var i = 0;
        for (; i < osc.Length && osc[i] != ';'; i++)
        {
            if (osc[i] is < (byte)'0' or > (byte)'9')
            {
                return;
            }

            id = (id == -1 ? 0 : id * 10) + (osc[i] - '0');
            if (id > 1_000_000)
            {
                return;
            }
        }

        var payload = i < osc.Length ? osc[(i + 1)..] : [];
        switch (id)
        {
            case 0 or 2:
                SetTitleFromBytes(payload);
                break;
            case 9:
                Osc9(payload);
                break;
            case 99:
                (_kitty ??= new KittyNotificationAssembler()).Add(payload, _signals);
                break;
            case 777:
                Osc777(payload);
                break;
        }

        JoinState = 0;
    }

    private void SetTitleFromBytes(ReadOnlySpan<byte> payload)
    {
        // The common case is a shell repeating the same title at every prompt: compare before allocating.
        Span<char> chars = stackalloc char[Math.Min(payload.Length, 4096)];
        if (Encoding.UTF8.TryGetChars(payload, chars, out var written) && chars[..written].SequenceEqual(Title))
        {
            return;
        }

        SetTitle(Encoding.UTF8.GetString(payload));
    }

    // OSC 9 ; text — a notification (iTerm2, Windows Terminal), except ConEmu's numbered commands (9;4;… progress,
    // 9;9;… working directory and the rest), which are a number alone or a number and a semicolon; nor an empty one.
    private void Osc9(ReadOnlySpan<byte> payload)
    {
        var digits = 0;
        while (digits < payload.Length && payload[digits] is >= (byte)'0' and <= (byte)'9')
        {
            digits++;
        }

        if (payload.IsEmpty || (digits > 0 && (digits == payload.Length || payload[digits] == ';')))
        {
            return;
        }

        _signals.Notification(new TerminalNotification(TerminalNotificationSource.Osc9, null, Encoding.UTF8.GetString(payload)));
    }

    // OSC 777 ; notify ; title ; body (rxvt-unicode, foot, Ghostty); other 777 commands are not notifications.
    private void Osc777(ReadOnlySpan<byte> payload)
    {
        if (!payload.StartsWith("notify;"u8))
        {
            return;
        }

        var rest = payload["notify;"u8.Length..];
        var separator = rest.IndexOf((byte)';');
        var title = separator < 0 ? rest : rest[..separator];
        var body = separator < 0 ? [] : rest[(separator + 1)..];
        _signals.Notification(new TerminalNotification(TerminalNotificationSource.Osc777, Encoding.UTF8.GetString(title), Encoding.UTF8.GetString(body)));
    }
}
