namespace DeskMirror.Terminal;

/// <summary>Which escape sequence asked for a desktop notification.</summary>
public enum TerminalNotificationSource
{
    /// <summary><c>OSC 9 ; text</c> (iTerm2, Windows Terminal); ConEmu's numbered <c>OSC 9 ; N ; …</c> commands are not notifications.</summary>
    Osc9,

    /// <summary><c>OSC 777 ; notify ; title ; body</c> (rxvt-unicode, foot, Ghostty).</summary>
    Osc777,

    /// <summary><c>OSC 99 ; metadata ; payload</c> (kitty), chunks assembled.</summary>
    Osc99,
}

/// <summary>A notification a program asked the terminal to show, with the program's own words.</summary>
/// <param name="Source">The sequence it came in.</param>
/// <param name="Title">The title, when the sequence has one (OSC 777, OSC 99); null for OSC 9.</param>
/// <param name="Body">The body; may be empty when only a title was sent.</param>
public sealed record TerminalNotification(TerminalNotificationSource Source, string? Title, string Body)
{
    /// <summary>Title and body as one line of text: "title: body", or whichever of them is not empty.</summary>
    public string Text => string.IsNullOrEmpty(Title) ? Body : Body.Length == 0 ? Title : $"{Title}: {Body}";
}
