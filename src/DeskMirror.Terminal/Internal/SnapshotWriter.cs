using System.Buffers;
using System.Text;

namespace DeskMirror.Terminal.Internal;

/// <summary>
/// Writes the escape sequences that rebuild a <see cref="TerminalState"/> in a fresh xterm.js of the same size.
/// Lines are written top to bottom and separated by CR LF, so the lines above the screen scroll into the
/// receiver's scrollback by themselves; a line that continues the one above it is written without CR LF, so the
/// receiver wraps it and marks it wrapped too. Empty cells are skipped with cursor movement (or erased with
/// their background colour), so they stay empty, as xterm.js distinguishes empty cells from spaces.
/// </summary>
internal sealed class SnapshotWriter(TerminalState state, VtParser parser, IBufferWriter<byte> writer)
{
    // What the receiving terminal holds as we write: attributes and character set designations.
    private int _fg;
    private int _bg;
    private readonly char[] _charsets = new char[4];

    private int Cols => state.Cols;

    public void Write(int scrollbackLines)
    {
        Raw("\u001bc");

        var main = state.Main;
        var tail = Math.Min(scrollbackLines, main.ScrollbackCount);
        WriteLines(main, main.ScrollbackCount - tail, main.LineCount);
        WriteTabStops(main);
        WriteSavedCursor(main);

        if (state.IsAlternate)
        {
            WriteScrollRegion(main);

            // The alternate screen is filled with the erase attributes when it is entered: make those the default.
            Sgr(0, 0);
            Raw("\u001b[?1047h\u001b[H");
            var alt = state.Alt;
            WriteLines(alt, 0, alt.LineCount);
            WriteTabStops(alt);
            WriteSavedCursor(alt);
        }

        var active = state.Active;
        WriteScrollRegion(active);
        if (state.Origin)
        {
            Raw("\u001b[?6h");
        }

        var last = LastCharacter(active);
        if (last < 0)
        {
            WriteCursor(active);
        }

        WriteCharsets();
        WriteModes();
        WriteTitles();
        Sgr(state.Fg, state.Bg);
        if (last >= 0)
        {
            // The character just printed is printed again, last: the receiver's cursor ends where ours is, with a
            // pending wrap when ours has one, and a combining mark that comes next joins it as it joins here.
            var line = active.Line(active.Y);
            Cup(active.Y - (state.Origin ? active.ScrollTop : 0), last);
            WriteCellText(line, last);
        }

        WritePending();
    }

    /// <summary>
    /// The column of the character the cursor stands right after, when it must be printed again to restore what
    /// a cursor movement cannot (a pending wrap, or what a following zero-width character would join) and that
    /// can be done as the very last thing; else -1.
    /// </summary>
    private int LastCharacter(ScreenBuffer buffer)
    {
        var pendingWrap = buffer.X >= Cols;
        if (!(pendingWrap || state.JoinState != 0) || !state.Wraparound || state.InsertMode)
        {
            return -1;
        }

        var width = state.JoinState != 0 ? (state.JoinState >> 1) & 3 : 1;
        var line = buffer.Line(buffer.Y);
        var x = buffer.X - width;
        if (pendingWrap && state.JoinState == 0 && x > 0 && line.Cells[x].Width == 0 && line.Cells[x - 1].Width == 2)
        {
            x--;
        }

        if (x < 0 || x >= Cols)
        {
            return -1;
        }

        var cell = line.Cells[x];
        if (!cell.HasContent || x + cell.Width != buffer.X || cell.Fg != state.Fg || cell.Bg != state.Bg)
        {
            return -1;
        }

        // A character set in GL would map the character again on its way back in.
        if (state.Charset != Charsets.Ascii && (cell.IsCombined
            ? line.GetCombined(x)!.EnumerateRunes().Any(r => Charsets.Maps(state.Charset, r.Value))
            : Charsets.Maps(state.Charset, cell.CodePoint)))
        {
            return -1;
        }

        return x;
    }

    private void WriteCellText(TerminalLine line, int x)
    {
        var cell = line.Cells[x];
        if (cell.IsCombined)
        {
            Text(line.GetCombined(x));
        }
        else
        {
            CodePoint(cell.CodePoint == 0 ? ' ' : cell.CodePoint);
        }
    }

    // Titles saved by CSI 22 t first (oldest first), so a program that restores its title on exit restores it there too.
    private void WriteTitles()
    {
        foreach (var title in state.TitleStack)
        {
            Title(title);
            Raw("\u001b[22;2t");
        }

        if (state.Title.Length > 0 || state.TitleStack.Count > 0)
        {
            Title(state.Title);
        }
    }

    private void Title(string title)
    {
        Raw("\u001b]2;");
        Text(title);
        Raw("\u0007");
    }

    /// <summary>
    /// The unfinished sequence the last read ended in, so the receiver goes on with the next bytes in the same
    /// parser state. An operating system command too long to keep is started as one the receiver drops too.
    /// </summary>
    private void WritePending()
    {
        if (parser.AtBoundary)
        {
            return;
        }

        if (parser.PendingTruncated && parser.State == ParserTable.OscString)
        {
            Raw("\u001b]x");
            return;
        }

        var pending = parser.Pending;
        writer.Write(pending);
    }

    private void WriteLines(ScreenBuffer buffer, int from, int to)
    {
        var atEdge = false;
        for (var i = from; i < to; i++)
        {
            var line = buffer.LineAt(i);
            var continues = i + 1 < to && buffer.LineAt(i + 1).IsWrapped;
            var continuation = i > from && line.IsWrapped && atEdge;
            var end = continues ? Cols : SignificantEnd(line);
            if (i > from && !(continuation && end > 0))
            {
                Raw("\r\n");
                continuation = false;
            }

            var nextStartsWide = continues && buffer.LineAt(i + 1).Cells[0].Width == 2;
            atEdge = WriteCells(line, end, printEmpty: continues || continuation, nextStartsWide);
        }
    }

    /// <summary>The column after the last cell that differs from a never-written cell.</summary>
    private static int SignificantEnd(TerminalLine line)
    {
        var cells = line.Cells;
        for (var x = cells.Length - 1; x >= 0; x--)
        {
            if ((cells[x].Content | cells[x].Fg | cells[x].Bg) != 0)
            {
                return x + 1;
            }
        }

        return 0;
    }

    /// <summary>Writes cells [0, end) of a line from column 0; true when the next character will wrap.</summary>
    private bool WriteCells(TerminalLine line, int end, bool printEmpty, bool nextStartsWide)
    {
        var cells = line.Cells;
        var x = 0;
        while (x < end)
        {
            var cell = cells[x];
            if (!cell.HasContent)
            {
                if (printEmpty && nextStartsWide && x == Cols - 1 && cell.Width == 1)
                {
                    // xterm.js leaves the last cell empty when a wide character does not fit: let it do so again.
                    return true;
                }

                var run = x + 1;
                while (run < end && !cells[run].HasContent && cells[run].Fg == cell.Fg && cells[run].Bg == cell.Bg)
                {
                    run++;
                }

                var count = run - x;
                if (printEmpty)
                {
                    Sgr(cell.Fg, cell.Bg);
                    for (var k = 0; k < count; k++)
                    {
                        Raw(" ");
                    }
                }
                else if (cell.Fg == 0 && cell.Bg == 0)
                {
                    Csi(count, 'C');
                }
                else
                {
                    // An erased cell keeps the background colour only; that is what ECH and EL give back.
                    Sgr(0, cell.Bg & Attr.ColorAndModeMask);
                    if (run == Cols)
                    {
                        Raw("\u001b[K");
                    }
                    else
                    {
                        Csi(count, 'X');
                        Csi(count, 'C');
                    }
                }

                x = run;
                continue;
            }

            // A zero-width character that stands alone must not join the character before it when replayed:
            // a control sequence between them (here the attributes, written again) keeps them apart.
            if (cell.Width == 0)
            {
                _fg = ~cell.Fg;
            }

            Sgr(cell.Fg, cell.Bg);
            if (cell.IsCombined)
            {
                Text(line.GetCombined(x));
            }
            else
            {
                CodePoint(cell.CodePoint);
            }

            x += Math.Max(cell.Width, 1);
        }

        return x >= Cols;
    }

    private void WriteTabStops(ScreenBuffer buffer)
    {
        if (buffer.HasDefaultTabStops())
        {
            return;
        }

        Raw("\u001b[3g");
        for (var x = 0; x < buffer.Cols; x++)
        {
            if (buffer.Tabs[x])
            {
                Raw("\u001b[1;");
                Number(x + 1);
                Raw("H\u001bH");
            }
        }
    }

    private void WriteSavedCursor(ScreenBuffer buffer)
    {
        var saved = buffer.Saved;
        if (saved.X == 0 && saved.Y == 0 && saved.Fg == 0 && saved.Bg == 0 && saved.Charset == Charsets.Ascii)
        {
            return;
        }

        // The receiver has as many scrollback lines above its screen as we wrote; the row is kept relative to the screen.
        var row = Math.Clamp(saved.Y - buffer.ScrollbackCount, 0, buffer.Rows - 1);
        Cup(row, Math.Min(saved.X, buffer.Cols - 1));
        Sgr(saved.Fg, saved.Bg);
        if (saved.Charset != Charsets.Ascii)
        {
            Designate(0, saved.Charset);
        }

        Raw("\u001b7");
        Designate(0, Charsets.Ascii);
    }

    private void WriteScrollRegion(ScreenBuffer buffer)
    {
        if (buffer.ScrollTop != 0 || buffer.ScrollBottom != buffer.Rows - 1)
        {
            Raw("\u001b[");
            Number(buffer.ScrollTop + 1);
            Raw(";");
            Number(buffer.ScrollBottom + 1);
            Raw("r");
        }
    }

    private void WriteCursor(ScreenBuffer buffer)
    {
        var top = state.Origin ? buffer.ScrollTop : 0;
        if (buffer.X < Cols || !state.Wraparound)
        {
            Cup(buffer.Y - top, Math.Min(buffer.X, Cols - 1));
            return;
        }

        // A wrap is pending (the last column was just written): write that cell again, which leaves the receiver
        // in the same state; a cursor movement cannot.
        var line = buffer.Line(buffer.Y);
        var x = Cols - 1;
        if (x > 0 && line.Cells[x].Width == 0 && !line.Cells[x].HasContent && line.Cells[x - 1].Width == 2)
        {
            x--;
        }

        var cell = line.Cells[x];
        Cup(buffer.Y - top, x);
        Sgr(cell.Fg, cell.Bg);
        if (cell.IsCombined)
        {
            Text(line.GetCombined(x));
        }
        else
        {
            CodePoint(cell.CodePoint == 0 ? ' ' : cell.CodePoint);
        }
    }

    private void WriteCharsets()
    {
        var designations = state.CharsetDesignations;
        for (var g = 0; g < 4; g++)
        {
            Designate(g, designations[g]);
        }

        switch (state.GLevel)
        {
            case 1:
                Raw("\u000e");
                break;
            case 2:
                Raw("\u001bn");
                break;
            case 3:
                Raw("\u001bo");
                break;
        }
    }

    private void WriteModes()
    {
        if (state.ApplicationCursorKeys)
        {
            Raw("\u001b[?1h");
        }

        if (state.ApplicationKeypad)
        {
            Raw("\u001b=");
        }

        if (state.BracketedPaste)
        {
            Raw("\u001b[?2004h");
        }

        switch (state.Mouse)
        {
            case MouseTracking.X10:
                Raw("\u001b[?9h");
                break;
            case MouseTracking.Vt200:
                Raw("\u001b[?1000h");
                break;
            case MouseTracking.Drag:
                Raw("\u001b[?1002h");
                break;
            case MouseTracking.Any:
                Raw("\u001b[?1003h");
                break;
        }

        switch (state.MouseEncoding)
        {
            case MouseEncoding.Sgr:
                Raw("\u001b[?1006h");
                break;
            case MouseEncoding.SgrPixels:
                Raw("\u001b[?1016h");
                break;
        }

        if (state.SendFocus)
        {
            Raw("\u001b[?1004h");
        }

        if (state.ReverseWraparound)
        {
            Raw("\u001b[?45h");
        }

        if (!state.Wraparound)
        {
            Raw("\u001b[?7l");
        }

        if (state.InsertMode)
        {
            Raw("\u001b[4h");
        }

        if (state.ConvertEol)
        {
            Raw("\u001b[20h");
        }

        if (state.CursorStyle != 0)
        {
            Raw("\u001b[");
            Number(state.CursorStyle);
            Raw(" q");
        }

        // Always written: a full reset in xterm.js keeps the cursor's visibility, so it cannot be assumed.
        Raw(state.CursorHidden ? "\u001b[?25l" : "\u001b[?25h");
    }

    private void Designate(int g, char charset)
    {
        if (_charsets[g] == charset)
        {
            return;
        }

        _charsets[g] = charset;
        Raw("\u001b");
        Raw(g switch { 0 => "(", 1 => ")", 2 => "*", _ => "+" });
        Raw(charset == Charsets.Ascii ? "B" : charset.ToString());
    }

    private void Cup(int row, int column)
    {
        Raw("\u001b[");
        Number(row + 1);
        Raw(";");
        Number(column + 1);
        Raw("H");
    }

    private void Csi(int count, char final)
    {
        Raw("\u001b[");
        Number(count);
        Span<byte> b = [(byte)final];
        writer.Write(b);
    }

    /// <summary>Sets the receiver's attributes to exactly these, starting from a reset; nothing when they already are.</summary>
    private void Sgr(int fg, int bg)
    {
        if (fg == _fg && bg == _bg)
        {
            return;
        }

        _fg = fg;
        _bg = bg;
        Raw("\u001b[0");
        Flag(fg, Attr.Bold, ";1");
        Flag(bg, Attr.Dim, ";2");
        Flag(bg, Attr.Italic, ";3");
        switch (Attr.UnderlineStyle(bg))
        {
            case 0:
                break;
            case 1:
                Raw(";4");
                break;
            case var style:
                Raw(";4:");
                Number(style);
                break;
        }

        Flag(fg, Attr.Blink, ";5");
        Flag(fg, Attr.Inverse, ";7");
        Flag(fg, Attr.Invisible, ";8");
        Flag(fg, Attr.Strikethrough, ";9");
        Flag(bg, Attr.Overline, ";53");
        Color(fg, 30, 90, 38);
        Color(bg, 40, 100, 48);
        Raw("m");
    }

    private void Flag(int attr, int flag, string text)
    {
        if ((attr & flag) != 0)
        {
            Raw(text);
        }
    }

    private void Color(int attr, int basic, int bright, int extended)
    {
        var value = attr & Attr.ColorMask;
        switch (attr & Attr.ModeMask)
        {
            case Attr.ModePalette16:
                Raw(";");
                Number(value < 8 ? basic + value : bright + value - 8);
                break;
            case Attr.ModePalette256:
                Raw(";");
                Number(extended);
                Raw(";5;");
                Number(value);
                break;
            case Attr.ModeRgb:
                Raw(";");
                Number(extended);
                Raw(";2;");
                Number((value >> 16) & 0xFF);
                Raw(";");
                Number((value >> 8) & 0xFF);
                Raw(";");
                Number(value & 0xFF);
                break;
        }
    }

    private void Number(int value)
    {
        var span = writer.GetSpan(11);
        value.TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        writer.Advance(written);
    }

    private void Raw(string ascii)
    {
        var span = writer.GetSpan(ascii.Length);
        var written = Encoding.ASCII.GetBytes(ascii, span);
        writer.Advance(written);
    }

    private void Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        writer.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private void CodePoint(int codePoint)
    {
        var span = writer.GetSpan(4);
        writer.Advance(new Rune(codePoint).EncodeToUtf8(span));
    }
}
