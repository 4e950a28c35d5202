namespace DeskMirror.Terminal.Internal;

internal sealed partial class TerminalState
{
    /// <summary>xterm.js's join state after a one-cell character: width 1, not joined.</summary>
    private const int NarrowJoinState = 1 << 1;

    /// <summary>
    /// Prints a run of printable ASCII (0x20–0x7E): the common case, written cell block by cell block. Falls back
    /// to <see cref="Print"/> where a character set, insert mode or a disabled wrap changes what a byte does.
    /// </summary>
    public void PrintAscii(ReadOnlySpan<byte> text)
    {
        if (Charset != Charsets.Ascii || InsertMode || !Wraparound || Cols < 2)
        {
            foreach (var b in text)
            {
                Print(b);
            }

            return;
        }

        var buffer = Active;
        var columns = Cols;
        var line = buffer.Line(buffer.Y);
        MendWideCharacterBeforeCursor(line);

        var fg = Fg;
        var bg = Bg;
        var i = 0;
        while (i < text.Length)
        {
            if (buffer.X >= columns)
            {
                line = WrapLine(buffer);
            }

            var x = buffer.X;
            var count = Math.Min(columns - x, text.Length - i);
            line.ForgetCombined(x, x + count);
            var cells = line.Cells.AsSpan(x, count);
            var chunk = text.Slice(i, count);
            for (var k = 0; k < cells.Length; k++)
            {
                ref var cell = ref cells[k];
                cell.Content = chunk[k];
                cell.Fg = fg;
                cell.Bg = bg;
            }

            buffer.X = x + count;
            i += count;
        }

        JoinState = NarrowJoinState;
        MendWideCharacterAtCursor(line);
    }

    /// <summary>Prints one code point with xterm.js's rules for wide, zero-width and joining characters.</summary>
    public void Print(int code)
    {
        var buffer = Active;
        var columns = Cols;
        var line = buffer.Line(buffer.Y);
        var x = buffer.X;

        // The common case, a one-cell character in the middle of a line (box drawing, accented letters), in one go.
        if (x < columns && Charset == Charsets.Ascii && !InsertMode && UnicodeWidth.Of(code) == 1
            && (x == 0 || line.Cells[x - 1].Width != 2))
        {
            ref var cell = ref line.Cells[x];
            if (cell.IsCombined)
            {
                line.Combined!.Remove(x);
            }

            cell = new Cell { Content = code, Fg = Fg, Bg = Bg };
            buffer.X = x + 1;
            JoinState = NarrowJoinState;
            MendWideCharacterAtCursor(line);
            return;
        }

        MendWideCharacterBeforeCursor(line);

        if (code < 127 && Charset != Charsets.Ascii)
        {
            code = Charsets.Map(Charset, code);
        }

        var info = UnicodeWidth.Properties(code, JoinState, out var width, out var join);
        var oldWidth = join ? (JoinState >> 1) & 3 : 0;
        JoinState = info;

        if (buffer.X + width - oldWidth > columns)
        {
            if (Wraparound && width - oldWidth <= columns)
            {
                var oldRow = line;
                var oldColumn = buffer.X - oldWidth;
                line = WrapLine(buffer);
                buffer.X = oldWidth;
                if (oldWidth > 0 && !ReferenceEquals(oldRow, line))
                {
                    // A joining character widened the one before it past the edge: the pair moves down.
                    for (var k = 0; k < oldWidth; k++)
                    {
                        line.Set(k, oldRow.Cells[oldColumn + k], oldRow.Cells[oldColumn + k].IsCombined ? oldRow.GetCombined(oldColumn + k) : null);
                    }
                }

                while (oldColumn < columns)
                {
                    oldRow.Set(oldColumn++, NullCell);
                }
            }
            else
            {
                buffer.X = columns - 1;
                if (width == 2)
                {
                    return;
                }
            }
        }

        if (join && buffer.X > 0)
        {
            var offset = line.Cells[buffer.X - 1].Width != 0 ? 1 : 2;
            if (buffer.X - offset >= 0)
            {
                line.AddCodePoint(buffer.X - offset, code, width);
            }

            for (var delta = width - oldWidth; --delta >= 0 && buffer.X < columns;)
            {
                line.Set(buffer.X++, Placeholder);
            }

            return;
        }

        if (buffer.X >= columns)
        {
            // A zero-width character with nothing to join at the edge: xterm.js writes it past the line, i.e. drops it.
            return;
        }

        if (InsertMode && width - oldWidth > 0)
        {
            line.Insert(buffer.X, width - oldWidth, NullCell);
            if (line.Cells[columns - 1].Width == 2)
            {
                line.Set(columns - 1, NullCell);
            }
        }

        line.Set(buffer.X++, new Cell { Content = Cell.MakeContent(code, width), Fg = Fg, Bg = Bg });
        while (--width > 0 && buffer.X < columns)
        {
            line.Set(buffer.X++, Placeholder);
        }

        MendWideCharacterAtCursor(line);
    }

    /// <summary>Auto-wrap: the cursor moves to the start of the next row, scrolling at the region's bottom.</summary>
    private TerminalLine WrapLine(ScreenBuffer buffer)
    {
        buffer.X = 0;
        buffer.Y++;
        if (buffer.Y == buffer.ScrollBottom + 1)
        {
            buffer.Y--;
            buffer.ScrollUp(EraseCell, isWrapped: true);
        }
        else
        {
            if (buffer.Y >= Rows)
            {
                buffer.Y = Rows - 1;
            }

            buffer.Line(buffer.Y).IsWrapped = true;
        }

        return buffer.Line(buffer.Y);
    }

    // Writing over the second half of a wide character empties its first half.
    private void MendWideCharacterBeforeCursor(TerminalLine line)
    {
        var x = Active.X;
        if (x > 0 && x <= Cols && line.Cells[x - 1].Width == 2)
        {
            line.Set(x - 1, NullCell);
        }
    }

    // A second half left without its first half becomes an empty cell.
    private void MendWideCharacterAtCursor(TerminalLine line)
    {
        var x = Active.X;
        if (x < Cols && line.Cells[x].Width == 0 && !line.Cells[x].HasContent)
        {
            line.Set(x, NullCell);
        }
    }
}
