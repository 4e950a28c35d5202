namespace DeskMirror.Terminal.Internal;

/// <summary>
/// One screen (the main one or the alternate one) with its scrollback: a ring of at most rows + scrollback
/// lines, the newest <c>Rows</c> of which are the screen. Cursor, saved cursor, scroll region and tab stops
/// belong to the screen, as in xterm.js. Lines are allocated as the ring fills and recycled once it is full,
/// so steady output allocates nothing.
/// </summary>
internal sealed partial class ScreenBuffer
{
    private TerminalLine?[] _ring;
    private int _start;
    private int _count;

    public ScreenBuffer(int columns, int rows, int maxScrollback)
    {
        Cols = columns;
        Rows = rows;
        MaxScrollback = maxScrollback;
        _ring = new TerminalLine?[rows + maxScrollback];
        Tabs = new bool[columns];
        ScrollBottom = rows - 1;
        ResetTabStops();
    }

    public int Cols { get; private set; }

    public int Rows { get; private set; }

    public int MaxScrollback { get; }

    /// <summary>Lines above the screen (xterm.js's ybase).</summary>
    public int ScrollbackCount => _count - Rows;

    /// <summary>Cursor column, 0 to <see cref="Cols"/> (equal to it while a wrap is pending, as in xterm.js).</summary>
    public int X { get; set; }

    public int Y { get; set; }

    public int ScrollTop { get; set; }

    public int ScrollBottom { get; set; }

    public bool[] Tabs { get; private set; }

    public SavedCursor Saved;

    /// <summary>False until the screen holds lines (the alternate screen is empty while inactive).</summary>
    public bool HasLines => _count > 0;

    public TerminalLine Line(int y) => _ring[Slot(_count - Rows + y)]!;

    /// <summary>Line by absolute index: 0 is the oldest scrollback line.</summary>
    public TerminalLine LineAt(int index) => _ring[Slot(index)]!;

    public int LineCount => _count;

    /// <summary>Fills the screen with blank lines if it has none (entering the alternate screen).</summary>
    public void FillViewport(Cell fill)
    {
        if (_count != 0)
        {
            return;
        }

        for (var i = 0; i < Rows; i++)
        {
            var line = _ring[i] ??= new TerminalLine(Cols);
            if (line.Length != Cols)
            {
                line.Resize(Cols);
            }

            line.Reset(fill);
        }

        _start = 0;
        _count = Rows;
    }

    /// <summary>Empties the screen and resets its state (leaving the alternate screen, or a full reset).</summary>
    public void Clear()
    {
        _start = 0;
        _count = 0;
        X = 0;
        Y = 0;
        ScrollTop = 0;
        ScrollBottom = Rows - 1;
        Saved = default;
        ResetTabStops();
    }

    public void ResetTabStops()
    {
        Array.Clear(Tabs);
        for (var i = 0; i < Cols; i += 8)
        {
            Tabs[i] = true;
        }
    }

    public bool HasDefaultTabStops()
    {
        for (var i = 0; i < Cols; i++)
        {
            if (Tabs[i] != (i % 8 == 0))
            {
                return false;
            }
        }

        return true;
    }

    public int NextTabStop(int x)
    {
        while (++x < Cols && !Tabs[x])
        {
        }

        return x >= Cols ? Cols - 1 : x;
    }

    public int PreviousTabStop(int x)
    {
        while (--x > 0 && (x >= Cols || !Tabs[x]))
        {
        }

        return x >= Cols ? Cols - 1 : x < 0 ? 0 : x;
    }

    /// <summary>
    /// A line scrolls out of the region (a line feed at its bottom), xterm.js's BufferService.scroll: with the
    /// region at the top of the screen the top line goes to the scrollback (or is dropped when the ring is full or
    /// there is none); otherwise the region's lines move up in place.
    /// </summary>
    public void ScrollUp(Cell fill, bool isWrapped)
    {
        if (ScrollTop == 0)
        {
            var bottom = _count - Rows + ScrollBottom;
            TerminalLine line;
            if (_count < _ring.Length)
            {
                // Room left: the ring grows by one line.
                var slot = (_start + _count) % _ring.Length;
                line = _ring[slot] ??= new TerminalLine(Cols);
                if (line.Length != Cols)
                {
                    line.Resize(Cols);
                }

                _count++;
            }
            else
            {
                // Full: the oldest line is recycled as the new one.
                line = _ring[_start]!;
                _start = (_start + 1) % _ring.Length;
                bottom--;
            }

            line.Reset(fill);
            line.IsWrapped = isWrapped;

            // The new line belongs just below the region's bottom; lines under the region stay where they are.
            var last = _count - 1;
            for (var i = last; i > bottom + 1; i--)
            {
                Swap(i, i - 1);
            }

            return;
        }

        ShiftUp(ScrollTop, ScrollBottom, fill);
        Line(ScrollBottom).IsWrapped = isWrapped;
    }

    /// <summary>Removes the line at screen row <paramref name="top"/> and inserts a blank one at <paramref name="bottom"/>.</summary>
    public void ShiftUp(int top, int bottom, Cell fill)
    {
        var line = Line(top);
        for (var y = top; y < bottom; y++)
        {
            SetLine(y, Line(y + 1));
        }

        line.Reset(fill);
        SetLine(bottom, line);
    }

    /// <summary>Removes the line at screen row <paramref name="bottom"/> and inserts a blank one at <paramref name="top"/>.</summary>
    public void ShiftDown(int top, int bottom, Cell fill)
    {
        var line = Line(bottom);
        for (var y = bottom; y > top; y--)
        {
            SetLine(y, Line(y - 1));
        }

        line.Reset(fill);
        SetLine(top, line);
    }

    /// <summary>Drops the scrollback (ED 3).</summary>
    public void ClearScrollback()
    {
        var drop = ScrollbackCount;
        if (drop <= 0)
        {
            return;
        }

        // The saved cursor row is left as it is, as xterm.js leaves it.
        _start = (_start + drop) % _ring.Length;
        _count -= drop;
    }

    private void SetLine(int y, TerminalLine line) => _ring[Slot(_count - Rows + y)] = line;

    private void Swap(int a, int b)
    {
        var ia = Slot(a);
        var ib = Slot(b);
        (_ring[ia], _ring[ib]) = (_ring[ib], _ring[ia]);
    }

    // Ring position of an absolute line index (0 to the ring's length - 1): no division on the hot path.
    private int Slot(int index)
    {
        var slot = _start + index;
        return slot >= _ring.Length ? slot - _ring.Length : slot;
    }
}
