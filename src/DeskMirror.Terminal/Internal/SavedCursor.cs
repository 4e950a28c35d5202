namespace DeskMirror.Terminal.Internal;

/// <summary>What DECSC saves, per screen as in xterm.js: position (row counted from the oldest line), attributes, GL charset.</summary>
internal struct SavedCursor
{
    public int X;

    /// <summary>Absolute row: scrollback lines above the screen at save time plus the screen row.</summary>
    public int Y;
    public int Fg;
    public int Bg;
    public char Charset;
}
