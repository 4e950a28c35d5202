namespace DeskMirror.Terminal.Internal;

/// <summary>
/// Character sets designated with <c>ESC ( F</c> and friends. Only DEC special graphics ('0', line drawing) and
/// the UK set ('A', '#' is '£') change characters; every other designation prints ASCII as ASCII.
/// </summary>
internal static class Charsets
{
    /// <summary>No designation: US ASCII.</summary>
    public const char Ascii = '\0';

    public const char DecSpecialGraphics = '0';

    public const char UnitedKingdom = 'A';

    // DEC special graphics for 0x60..0x7E (VT100 line drawing).
    private static ReadOnlySpan<char> DecGraphics =>
        "\u25c6\u2592\u2409\u240c\u240d\u240a\u00b0\u00b1\u2424\u240b\u2518\u2510\u250c\u2514\u253c\u23ba\u23bb\u2500\u23bc\u23bd\u251c\u2524\u2534\u252c\u2502\u2264\u2265\u03c0\u2260\u00a3\u00b7";

    /// <summary>Normalises a designator: sets that change nothing become <see cref="Ascii"/>.</summary>
    public static char FromDesignator(char designator) =>
        designator is DecSpecialGraphics or UnitedKingdom ? designator : Ascii;

    public static bool Maps(char charset, int codePoint) => charset switch
    {
        DecSpecialGraphics => codePoint is >= 0x60 and <= 0x7E,
        UnitedKingdom => codePoint == '#',
        _ => false,
    };

    public static int Map(char charset, int codePoint) => charset switch
    {
        DecSpecialGraphics when codePoint is >= 0x60 and <= 0x7E => DecGraphics[codePoint - 0x60],
        UnitedKingdom when codePoint == '#' => 0xA3,
        _ => codePoint,
    };
}
