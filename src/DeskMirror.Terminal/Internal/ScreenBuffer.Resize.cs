namespace DeskMirror.Terminal.Internal;

internal sealed partial class ScreenBuffer
{
    /// <summary>
    /// New size, with xterm.js's rules for rows (a taller screen pulls lines back from the scrollback when the
    /// cursor is at the bottom; a shorter one drops blank rows below the cursor, else pushes rows into the
    /// scrollback) and without its reflow: a narrower screen cuts lines on the right, a wider one pads them.
    /// </summary>
    public void Resize(int columns, int rows)
    {
        var oldRows = Rows;
        var ybase = ScrollbackCount;
        var lines = new List<TerminalLine>(Math.Max(_count, 0) + Math.Max(rows - oldRows, 0));
        for (var i = 0; i < _count; i++)
        {
            lines.Add(LineAt(i));
        }

        if (_count > 0)
        {
            foreach (var line in lines)
            {
                line.Resize(columns);
            }

            var addToY = 0;
            if (oldRows < rows)
            {
                for (var y = oldRows; y < rows; y++)
                {
                    if (lines.Count < rows + ybase)
                    {
                        if (ybase > 0 && lines.Count <= ybase + Y + addToY + 1)
                        {
                            ybase--;
                            addToY++;
                        }
                        else
                        {
                            lines.Add(new TerminalLine(columns));
                        }
                    }
                }
            }
            else
            {
                for (var y = oldRows; y > rows; y--)
                {
                    if (lines.Count > rows + ybase)
                    {
                        if (lines.Count > ybase + Y + 1)
                        {
                            lines.RemoveAt(lines.Count - 1);
                        }
                        else
                        {
                            ybase++;
                        }
                    }
                }
            }

            var capacity = rows + MaxScrollback;
            var trim = lines.Count - capacity;
            if (trim > 0)
            {
                lines.RemoveRange(0, trim);
                Saved.Y = Math.Max(Saved.Y - trim, 0);
            }

            X = Math.Min(X, columns - 1);
            Y = Math.Min(Y, rows - 1) + addToY;
            Saved.X = Math.Min(Saved.X, columns - 1);
            ScrollTop = 0;
        }

        Cols = columns;
        Rows = rows;
        ScrollBottom = rows - 1;
        _ring = new TerminalLine?[rows + MaxScrollback];
        for (var i = 0; i < lines.Count; i++)
        {
            _ring[i] = lines[i];
        }

        _start = 0;
        _count = lines.Count;
        ResizeTabStops(columns);
    }

    // Stops set so far stay; past the last one, a stop every 8 columns (xterm.js setupTabStops).
    private void ResizeTabStops(int columns)
    {
        var tabs = new bool[columns];
        Tabs.AsSpan(0, Math.Min(columns, Tabs.Length)).CopyTo(tabs);
        var last = 0;
        for (var i = Math.Min(columns, Tabs.Length) - 1; i > 0; i--)
        {
            if (tabs[i])
            {
                last = i;
                break;
            }
        }

        for (var i = last; i < columns; i += 8)
        {
            tabs[i] = true;
        }

        Tabs = tabs;
    }
}
