namespace DeskMirror.Terminal.Internal;

internal sealed partial class TerminalState
{
    private const int Question = '?' << 8;

    /// <summary>
    /// A control sequence: <paramref name="ident"/> is the prefix and intermediate bytes followed by the final
    /// byte, one byte each (xterm.js's function identifier). Sequences that only ask for a reply (DA, DSR,
    /// DECRQM) change nothing here: the emulator never writes to the program.
    /// </summary>
    public void CsiDispatch(int ident, CsiParams p)
    {
        switch (ident)
        {
            case '@':
                InsertChars(p.Or(0, 1));
                break;
            case 'A':
                CursorUp(p.Or(0, 1));
                break;
            case 'B':
                CursorDown(p.Or(0, 1));
                break;
            case 'C' or 'a':
                MoveCursor(p.Or(0, 1), 0);
                break;
            case 'D':
                MoveCursor(-p.Or(0, 1), 0);
                break;
            case 'E':
                CursorDown(p.Or(0, 1));
                Active.X = 0;
                break;
            case 'F':
                CursorUp(p.Or(0, 1));
                Active.X = 0;
                break;
            case 'G' or '`':
                SetCursor(p.Or(0, 1) - 1, Active.Y);
                break;
            case 'H' or 'f':
                SetCursor(p.Count >= 2 ? p.Or(1, 1) - 1 : 0, p.Or(0, 1) - 1);
                break;
            case 'I':
                TabForward(p.Or(0, 1));
                break;
            case 'J' or (Question | 'J'):
                EraseInDisplay(p[0]);
                break;
            case 'K' or (Question | 'K'):
                EraseInLine(p[0]);
                break;
            case 'L':
                InsertLines(p.Or(0, 1));
                break;
            case 'M':
                DeleteLines(p.Or(0, 1));
                break;
            case 'P':
                DeleteChars(p.Or(0, 1));
                break;
            case 'S':
                for (var n = Math.Min(p.Or(0, 1), Rows); n > 0; n--)
                {
                    Active.ShiftUp(Active.ScrollTop, Active.ScrollBottom, EraseCell);
                }

                break;
            case 'T':
                for (var n = Math.Min(p.Or(0, 1), Rows); n > 0; n--)
                {
                    Active.ShiftDown(Active.ScrollTop, Active.ScrollBottom, default);
                }

                break;
            case 'X':
                RestrictCursor();
                Active.Line(Active.Y).Replace(Active.X, Active.X + Math.Min(p.Or(0, 1), Cols), EraseCell);
                break;
            case 'Z':
                TabBackward(p.Or(0, 1));
                break;
            case 'b':
                RepeatPrecedingCharacter(p.Or(0, 1));
                break;
            case 'd':
                SetCursor(Active.X, p.Or(0, 1) - 1);
                break;
            case 'e':
                MoveCursor(0, p.Or(0, 1));
                break;
            case 'g':
                ClearTabStops(p[0]);
                break;
            case 'h':
                SetAnsiModes(p, true);
                break;
            case Question | 'h':
                SetPrivateModes(p, true);
                break;
            case 'l':
                SetAnsiModes(p, false);
                break;
            case Question | 'l':
                SetPrivateModes(p, false);
                break;
            case 'm':
                SelectGraphicRendition(p);
                break;
            case ('!' << 8) | 'p':
                SoftReset();
                break;
            case (' ' << 8) | 'q':
                CursorStyle = p[0] is >= 0 and <= 6 ? p[0] : CursorStyle;
                break;
            case 'r':
                SetScrollRegion(p);
                break;
            case 's':
                SaveCursor();
                break;
            case 't':
                WindowOperation(p);
                break;
            case 'u':
                RestoreCursor();
                break;
        }

        JoinState = 0;
    }

    private void CursorUp(int n)
    {
        var diffToTop = Active.Y - Active.ScrollTop;
        MoveCursor(0, diffToTop >= 0 ? -Math.Min(diffToTop, n) : -n);
    }

    private void CursorDown(int n)
    {
        var diffToBottom = Active.ScrollBottom - Active.Y;
        MoveCursor(0, diffToBottom >= 0 ? Math.Min(diffToBottom, n) : n);
    }

    private void TabForward(int n)
    {
        if (Active.X >= Cols)
        {
            return;
        }

        for (n = Math.Min(n, Cols); n > 0; n--)
        {
            Active.X = Active.NextTabStop(Active.X);
        }
    }

    private void TabBackward(int n)
    {
        if (Active.X >= Cols)
        {
            return;
        }

        for (n = Math.Min(n, Cols); n > 0; n--)
        {
            Active.X = Active.PreviousTabStop(Active.X);
        }
    }

    private void ClearTabStops(int mode)
    {
        if (mode == 0 && Active.X < Cols)
        {
            Active.Tabs[Active.X] = false;
        }
        else if (mode == 3)
        {
            Array.Clear(Active.Tabs);
        }
    }

    private void EraseLinePart(int y, int start, int end, bool clearWrap)
    {
        var line = Active.Line(y);
        line.Replace(start, end, EraseCell);
        if (clearWrap)
        {
            line.IsWrapped = false;
        }
    }

    private void ResetLine(int y) => Active.Line(y).Reset(EraseCell);

    private void EraseInDisplay(int mode)
    {
        var buffer = Active;
        RestrictCursor(Cols);
        switch (mode)
        {
            case 0:
                EraseLinePart(buffer.Y, buffer.X, Cols, buffer.X == 0);
                for (var y = buffer.Y + 1; y < Rows; y++)
                {
                    ResetLine(y);
                }

                break;
            case 1:
                EraseLinePart(buffer.Y, 0, buffer.X + 1, true);
                if (buffer.X + 1 >= Cols && buffer.Y + 1 < buffer.LineCount)
                {
                    // xterm.js clears this flag on the line at absolute index y + 1 (without the scrollback offset).
                    buffer.LineAt(buffer.Y + 1).IsWrapped = false;
                }

                for (var y = buffer.Y - 1; y >= 0; y--)
                {
                    ResetLine(y);
                }

                break;
            case 2:
                for (var y = Rows - 1; y >= 0; y--)
                {
                    ResetLine(y);
                }

                break;
            case 3:
                buffer.ClearScrollback();
                break;
        }
    }

    private void EraseInLine(int mode)
    {
        var buffer = Active;
        RestrictCursor(Cols);
        switch (mode)
        {
            case 0:
                EraseLinePart(buffer.Y, buffer.X, Cols, buffer.X == 0);
                break;
            case 1:
                EraseLinePart(buffer.Y, 0, buffer.X + 1, false);
                break;
            case 2:
                EraseLinePart(buffer.Y, 0, Cols, true);
                break;
        }
    }

    private void InsertLines(int n)
    {
        var buffer = Active;
        RestrictCursor();
        if (buffer.Y > buffer.ScrollBottom || buffer.Y < buffer.ScrollTop)
        {
            return;
        }

        for (n = Math.Min(n, buffer.ScrollBottom - buffer.Y + 1); n > 0; n--)
        {
            buffer.ShiftDown(buffer.Y, buffer.ScrollBottom, EraseCell);
        }

        buffer.X = 0;
    }

    private void DeleteLines(int n)
    {
        var buffer = Active;
        RestrictCursor();
        if (buffer.Y > buffer.ScrollBottom || buffer.Y < buffer.ScrollTop)
        {
            return;
        }

        for (n = Math.Min(n, buffer.ScrollBottom - buffer.Y + 1); n > 0; n--)
        {
            buffer.ShiftUp(buffer.Y, buffer.ScrollBottom, EraseCell);
        }

        buffer.X = 0;
    }

    private void InsertChars(int n)
    {
        RestrictCursor();
        Active.Line(Active.Y).Insert(Active.X, Math.Min(n, Cols), EraseCell);
    }

    private void DeleteChars(int n)
    {
        RestrictCursor();
        Active.Line(Active.Y).Delete(Active.X, Math.Min(n, Cols), EraseCell);
    }

    private void RepeatPrecedingCharacter(int n)
    {
        if (JoinState == 0)
        {
            return;
        }

        var width = (JoinState >> 1) & 3;
        var x = Active.X - width;
        var line = Active.Line(Active.Y);
        if (x < 0 || x >= Cols)
        {
            return;
        }

        var cell = line.Cells[x];
        var text = cell.IsCombined ? line.GetCombined(x) : cell.CodePoint != 0 ? char.ConvertFromUtf32(cell.CodePoint) : null;
        if (text is null)
        {
            return;
        }

        // Bounded: more than a screenful of repeats cannot show more.
        for (n = Math.Min(n, Cols * Rows); n > 0; n--)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                Print(rune.Value);
            }
        }
    }

    private void SetScrollRegion(CsiParams p)
    {
        var top = p.Or(0, 1);
        var bottom = p.Count < 2 || p[1] > Rows || p[1] == 0 ? Rows : p[1];
        if (bottom > top)
        {
            Active.ScrollTop = top - 1;
            Active.ScrollBottom = bottom - 1;
            SetCursor(0, 0);
        }
    }

    private void WindowOperation(CsiParams p)
    {
        var second = p.Count > 1 ? p[1] : 0;
        if (p[0] == 22 && second is 0 or 2)
        {
            _titleStack.Add(Title);
            if (_titleStack.Count > TitleStackLimit)
            {
                _titleStack.RemoveAt(0);
            }
        }
        else if (p[0] == 23 && second is 0 or 2 && _titleStack.Count > 0)
        {
            var title = _titleStack[^1];
            _titleStack.RemoveAt(_titleStack.Count - 1);
            SetTitle(title);
        }
    }
}
