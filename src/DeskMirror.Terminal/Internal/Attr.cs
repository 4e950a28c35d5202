namespace DeskMirror.Terminal.Internal;

/// <summary>
/// Bit layout of <see cref="Cell.Fg"/> and <see cref="Cell.Bg"/>: a colour in the low 24 bits, its mode in bits
/// 24–25, flags above. The same split as xterm.js, so every SGR state it can hold we can hold and give back.
/// </summary>
internal static class Attr
{
    public const int ColorMask = 0xFF_FFFF;
    public const int ModeShift = 24;
    public const int ModeMask = 3 << ModeShift;

    /// <summary>Colour and mode bits together: what an erase keeps of the background.</summary>
    public const int ColorAndModeMask = ColorMask | ModeMask;

    public const int ModeDefault = 0;
    public const int ModePalette16 = 1 << ModeShift;
    public const int ModePalette256 = 2 << ModeShift;
    public const int ModeRgb = 3 << ModeShift;

    // Flags kept in Fg.
    public const int Bold = 1 << 26;
    public const int Inverse = 1 << 27;
    public const int Invisible = 1 << 28;
    public const int Strikethrough = 1 << 29;
    public const int Blink = 1 << 30;

    // Flags kept in Bg.
    public const int Italic = 1 << 26;
    public const int Dim = 1 << 27;
    public const int Overline = 1 << 28;

    /// <summary>Underline style in Bg bits 29–31: 0 none, 1 single, 2 double, 3 curly, 4 dotted, 5 dashed.</summary>
    public const int UnderlineShift = 29;
    public const int UnderlineMask = 7 << UnderlineShift;

    public static int UnderlineStyle(int bg) => (bg >>> UnderlineShift) & 7;
}
