namespace DeskMirror.Terminal.Internal;

/// <summary>
/// The transition table of the DEC ANSI parser (vt100.net/emu/dec_ansi_parser) with xterm.js's additions:
/// code points 0x80–0x9F act as C1 controls, every code point from 0xA0 up is treated like 0xA0 (printable in
/// the ground state and in strings, an error elsewhere), and an error returns to the ground state.
/// Each entry is <c>action &lt;&lt; 4 | next state</c>.
/// </summary>
internal static class ParserTable
{
    public const int Ground = 0;
    public const int Escape = 1;
    public const int EscapeIntermediate = 2;
    public const int CsiEntry = 3;
    public const int CsiParam = 4;
    public const int CsiIntermediate = 5;
    public const int CsiIgnore = 6;
    public const int SosPmApcString = 7;
    public const int OscString = 8;
    public const int DcsEntry = 9;
    public const int DcsParam = 10;
    public const int DcsIgnore = 11;
    public const int DcsIntermediate = 12;
    public const int DcsPassthrough = 13;
    private const int StateCount = 14;

    public const int Ignore = 0;
    public const int Print = 1;
    public const int Execute = 2;
    public const int OscStart = 3;
    public const int OscPut = 4;
    public const int OscEnd = 5;
    public const int CsiDispatch = 6;
    public const int Param = 7;
    public const int Collect = 8;
    public const int EscDispatch = 9;
    public const int Clear = 10;
    public const int DcsHook = 11;
    public const int DcsPut = 12;
    public const int DcsUnhook = 13;

    /// <summary>Every code point from here up shares one column.</summary>
    public const int NonAsciiPrintable = 0xA0;
    public const int Cols = NonAsciiPrintable + 1;

    public static readonly byte[] Table = Build();

    private static byte[] Build()
    {
        // Default: an error, which xterm.js answers by going back to the ground state.
        var table = new byte[StateCount * Cols];
        table.AsSpan().Fill(Entry(Ignore, Ground));

        int[] executables = [.. Range(0x00, 0x18), 0x19, .. Range(0x1C, 0x20)];
        var printables = Range(0x20, 0x7F);

        Add(table, printables, Ground, Print, Ground);
        for (var state = 0; state < StateCount; state++)
        {
            Add(table, [0x18, 0x1A, 0x99, 0x9A], state, Execute, Ground);
            Add(table, Range(0x80, 0x90), state, Execute, Ground);
            Add(table, Range(0x90, 0x98), state, Execute, Ground);
            Add(table, [0x9C], state, Ignore, Ground);
            Add(table, [0x1B], state, Clear, Escape);
            Add(table, [0x9D], state, OscStart, OscString);
            Add(table, [0x98, 0x9E, 0x9F], state, Ignore, SosPmApcString);
            Add(table, [0x9B], state, Clear, CsiEntry);
            Add(table, [0x90], state, Clear, DcsEntry);
        }

        Add(table, executables, Ground, Execute, Ground);
        Add(table, executables, Escape, Execute, Escape);
        Add(table, [0x7F], Escape, Ignore, Escape);
        Add(table, executables, OscString, Ignore, OscString);
        Add(table, executables, CsiEntry, Execute, CsiEntry);
        Add(table, [0x7F], CsiEntry, Ignore, CsiEntry);
        Add(table, executables, CsiParam, Execute, CsiParam);
        Add(table, [0x7F], CsiParam, Ignore, CsiParam);
        Add(table, executables, CsiIgnore, Execute, CsiIgnore);
        Add(table, executables, CsiIntermediate, Execute, CsiIntermediate);
        Add(table, [0x7F], CsiIntermediate, Ignore, CsiIntermediate);
        Add(table, executables, EscapeIntermediate, Execute, EscapeIntermediate);
        Add(table, [0x7F], EscapeIntermediate, Ignore, EscapeIntermediate);

        Add(table, [0x5D], Escape, OscStart, OscString);
        Add(table, printables, OscString, OscPut, OscString);
        Add(table, [0x7F], OscString, OscPut, OscString);
        Add(table, [0x9C, 0x1B, 0x18, 0x1A, 0x07], OscString, OscEnd, Ground);
        Add(table, Range(0x1C, 0x20), OscString, Ignore, OscString);

        Add(table, [0x58, 0x5E, 0x5F], Escape, Ignore, SosPmApcString);
        Add(table, printables, SosPmApcString, Ignore, SosPmApcString);
        Add(table, executables, SosPmApcString, Ignore, SosPmApcString);
        Add(table, [0x9C], SosPmApcString, Ignore, Ground);
        Add(table, [0x7F], SosPmApcString, Ignore, SosPmApcString);

        Add(table, [0x5B], Escape, Clear, CsiEntry);
        Add(table, Range(0x40, 0x7F), CsiEntry, CsiDispatch, Ground);
        Add(table, Range(0x30, 0x3C), CsiEntry, Param, CsiParam);
        Add(table, [0x3C, 0x3D, 0x3E, 0x3F], CsiEntry, Collect, CsiParam);
        Add(table, Range(0x30, 0x3C), CsiParam, Param, CsiParam);
        Add(table, Range(0x40, 0x7F), CsiParam, CsiDispatch, Ground);
        Add(table, [0x3C, 0x3D, 0x3E, 0x3F], CsiParam, Ignore, CsiIgnore);
        Add(table, Range(0x20, 0x40), CsiIgnore, Ignore, CsiIgnore);
        Add(table, [0x7F], CsiIgnore, Ignore, CsiIgnore);
        Add(table, Range(0x40, 0x7F), CsiIgnore, Ignore, Ground);
        Add(table, Range(0x20, 0x30), CsiEntry, Collect, CsiIntermediate);
        Add(table, Range(0x20, 0x30), CsiIntermediate, Collect, CsiIntermediate);
        Add(table, Range(0x30, 0x40), CsiIntermediate, Ignore, CsiIgnore);
        Add(table, Range(0x40, 0x7F), CsiIntermediate, CsiDispatch, Ground);
        Add(table, Range(0x20, 0x30), CsiParam, Collect, CsiIntermediate);

        Add(table, Range(0x20, 0x30), Escape, Collect, EscapeIntermediate);
        Add(table, Range(0x20, 0x30), EscapeIntermediate, Collect, EscapeIntermediate);
        Add(table, Range(0x30, 0x7F), EscapeIntermediate, EscDispatch, Ground);
        Add(table, Range(0x30, 0x50), Escape, EscDispatch, Ground);
        Add(table, Range(0x51, 0x58), Escape, EscDispatch, Ground);
        Add(table, [0x59, 0x5A, 0x5C], Escape, EscDispatch, Ground);
        Add(table, Range(0x60, 0x7F), Escape, EscDispatch, Ground);

        Add(table, [0x50], Escape, Clear, DcsEntry);
        Add(table, executables, DcsEntry, Ignore, DcsEntry);
        Add(table, [0x7F], DcsEntry, Ignore, DcsEntry);
        Add(table, Range(0x1C, 0x20), DcsEntry, Ignore, DcsEntry);
        Add(table, Range(0x20, 0x30), DcsEntry, Collect, DcsIntermediate);
        Add(table, Range(0x30, 0x3C), DcsEntry, Param, DcsParam);
        Add(table, [0x3C, 0x3D, 0x3E, 0x3F], DcsEntry, Collect, DcsParam);
        Add(table, executables, DcsIgnore, Ignore, DcsIgnore);
        Add(table, Range(0x20, 0x80), DcsIgnore, Ignore, DcsIgnore);
        Add(table, Range(0x1C, 0x20), DcsIgnore, Ignore, DcsIgnore);
        Add(table, executables, DcsParam, Ignore, DcsParam);
        Add(table, [0x7F], DcsParam, Ignore, DcsParam);
        Add(table, Range(0x1C, 0x20), DcsParam, Ignore, DcsParam);
        Add(table, Range(0x30, 0x3C), DcsParam, Param, DcsParam);
        Add(table, [0x3C, 0x3D, 0x3E, 0x3F], DcsParam, Ignore, DcsIgnore);
        Add(table, Range(0x20, 0x30), DcsParam, Collect, DcsIntermediate);
        Add(table, executables, DcsIntermediate, Ignore, DcsIntermediate);
        Add(table, [0x7F], DcsIntermediate, Ignore, DcsIntermediate);
        Add(table, Range(0x1C, 0x20), DcsIntermediate, Ignore, DcsIntermediate);
        Add(table, Range(0x20, 0x30), DcsIntermediate, Collect, DcsIntermediate);
        Add(table, Range(0x30, 0x40), DcsIntermediate, Ignore, DcsIgnore);
        Add(table, Range(0x40, 0x7F), DcsIntermediate, DcsHook, DcsPassthrough);
        Add(table, Range(0x40, 0x7F), DcsParam, DcsHook, DcsPassthrough);
        Add(table, Range(0x40, 0x7F), DcsEntry, DcsHook, DcsPassthrough);
        Add(table, executables, DcsPassthrough, DcsPut, DcsPassthrough);
        Add(table, printables, DcsPassthrough, DcsPut, DcsPassthrough);
        Add(table, [0x7F], DcsPassthrough, Ignore, DcsPassthrough);
        Add(table, [0x1B, 0x9C, 0x18, 0x1A], DcsPassthrough, DcsUnhook, Ground);

        Add(table, [NonAsciiPrintable], Ground, Print, Ground);
        Add(table, [NonAsciiPrintable], OscString, OscPut, OscString);
        Add(table, [NonAsciiPrintable], CsiIgnore, Ignore, CsiIgnore);
        Add(table, [NonAsciiPrintable], DcsIgnore, Ignore, DcsIgnore);
        Add(table, [NonAsciiPrintable], DcsPassthrough, DcsPut, DcsPassthrough);
        return table;
    }

    private static byte Entry(int action, int next) => (byte)((action << 4) | next);

    private static int[] Range(int start, int end) => [.. Enumerable.Range(start, end - start)];

    private static void Add(byte[] table, int[] codes, int state, int action, int next)
    {
        foreach (var code in codes)
        {
            table[(state * Cols) + code] = Entry(action, next);
        }
    }
}
