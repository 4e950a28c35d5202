namespace DeskMirror.Web.Components.Session;

/// <summary>
/// The key row's sticky Ctrl and Alt: a tap arms one, the next key typed on the phone (in the line box, in the
/// terminal, or on the key row) gets it, and it lets go. One instance per session page, shared by the key row
/// and the terminal.
/// </summary>
public sealed class StickyModifiers
{
    private const string Escape = "\u001b";

    public bool Ctrl { get; private set; }

    public bool Alt { get; private set; }

    public bool Armed => Ctrl || Alt;

    /// <summary>Raised when a modifier is armed or released (also when a key used it up).</summary>
    public event Action? Changed;

    public void ToggleCtrl()
    {
        Ctrl = !Ctrl;
        Changed?.Invoke();
    }

    public void ToggleAlt()
    {
        Alt = !Alt;
        Changed?.Invoke();
    }

    /// <summary>Text typed on the phone's keyboard: its first character is the key the modifiers apply to.</summary>
    public string ApplyToTyped(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Armed || text.Length == 0)
        {
            return text;
        }

        var length = char.IsHighSurrogate(text[0]) && text.Length > 1 ? 2 : 1;
        return Use(text[..length]) + text[length..];
    }

    /// <summary>One key of the key row (a character or the sequence the key sends).</summary>
    public string ApplyToKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return !Armed || key.Length == 0 ? key : Use(key);
    }

    private string Use(string key)
    {
        var result = Encode(key, Ctrl, Alt);
        Ctrl = false;
        Alt = false;
        Changed?.Invoke();
        return result;
    }

    /// <summary>What xterm sends for the key with these modifiers.</summary>
    internal static string Encode(string key, bool ctrl, bool alt)
    {
        // Cursor and editing keys (ESC [ A, ESC [ 5 ~) carry the modifiers as a parameter: 1 + Alt 2 + Ctrl 4.
        var modifier = 1 + (alt ? 2 : 0) + (ctrl ? 4 : 0);
        if (key.Length == 3 && key.StartsWith(Escape + "[", StringComparison.Ordinal) && key[2] is >= 'A' and <= 'D' or 'H' or 'F')
        {
            return $"{Escape}[1;{modifier}{key[2]}";
        }

        if (key.Length == 4 && key.StartsWith(Escape + "[", StringComparison.Ordinal) && key[3] == '~' && char.IsAsciiDigit(key[2]))
        {
            return $"{Escape}[{key[2]};{modifier}~";
        }

        if (ctrl && key.Length == 1)
        {
            key = Control(key[0]);
        }

        return alt ? Escape + key : key;
    }

    private static string Control(char key) => key switch
    {
        >= 'a' and <= 'z' => ((char)(key - 'a' + 1)).ToString(),
        >= '@' and <= '_' => ((char)(key - '@')).ToString(),
        ' ' or '2' => "\0",
        '/' or '-' or '7' => "\u001f",
        '?' or '8' => "\u007f",
        '3' => Escape,
        '4' => "\u001c",
        '5' => "\u001d",
        '6' => "\u001e",
        _ => key.ToString(),
    };
}
