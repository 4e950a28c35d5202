using System.Runtime.InteropServices;

namespace DeskMirror.Terminal.Internal;

/// <summary>
/// One screen cell, laid out like an xterm.js buffer cell (12 bytes): a zeroed cell is an empty, one-cell-wide
/// cell with default colours, so a fresh line needs no initialisation.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Cell
{
    /// <summary>Code point (bits 0–20), <see cref="CombinedFlag"/> (bit 21), width code (bits 22–23, width XOR 1).</summary>
    public int Content;

    /// <summary>Foreground colour (bits 0–25, see <see cref="Attr"/>) and the flags kept with it.</summary>
    public int Fg;

    /// <summary>Background colour (bits 0–25) and the flags kept with it.</summary>
    public int Bg;

    public const int CodePointMask = 0x1F_FFFF;
    public const int CombinedFlag = 1 << 21;
    public const int WidthShift = 22;

    /// <summary>The content of the second cell of a wide character: no code point, width 0.</summary>
    public const int WidePlaceholder = 1 << WidthShift;

    public readonly int CodePoint => Content & CodePointMask;

    public readonly int Width => ((Content >> WidthShift) & 3) ^ 1;

    public readonly bool HasContent => (Content & (CodePointMask | CombinedFlag)) != 0;

    public readonly bool IsCombined => (Content & CombinedFlag) != 0;

    public static int MakeContent(int codePoint, int width) => codePoint | ((width ^ 1) << WidthShift);
}
