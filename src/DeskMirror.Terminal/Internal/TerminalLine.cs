namespace DeskMirror.Terminal.Internal;

/// <summary>
/// One row of cells. <see cref="IsWrapped"/> says the row continues the one above it (the text overflowed
/// there), as in xterm.js. A cell that holds more than one code point (a base and its combining marks) has
/// <see cref="Cell.CombinedFlag"/> set and its text in <see cref="Combined"/>, keyed by column.
/// </summary>
internal sealed class TerminalLine
{
    public TerminalLine(int columns)
    {
        Cells = new Cell[columns];
    }

    public Cell[] Cells { get; private set; }

    public bool IsWrapped { get; set; }

    public Dictionary<int, string>? Combined { get; private set; }

    public int Length => Cells.Length;

    /// <summary>Every cell set to <paramref name="fill"/>; no longer wrapped.</summary>
    public void Reset(Cell fill)
    {
        if (fill.Content == 0 && fill.Fg == 0 && fill.Bg == 0)
        {
            Array.Clear(Cells);
        }
        else
        {
            Cells.AsSpan().Fill(fill);
        }

        Combined?.Clear();
        IsWrapped = false;
    }

    public string? GetCombined(int column) =>
        Combined is not null && Combined.TryGetValue(column, out var text) ? text : null;

    /// <summary>Writes a cell, keeping <see cref="Combined"/> in step with the cell's flag.</summary>
    public void Set(int column, Cell cell, string? combined = null)
    {
        if (Cells[column].IsCombined)
        {
            Combined!.Remove(column);
        }

        Cells[column] = cell;
        if (combined is not null)
        {
            Combined ??= [];
            Combined[column] = combined;
        }
    }

    /// <summary>Drops the combined text of columns in [start, end) before they are overwritten wholesale.</summary>
    public void ForgetCombined(int start, int end)
    {
        if (Combined is not { Count: > 0 })
        {
            return;
        }

        for (var column = start; column < end; column++)
        {
            if (Cells[column].IsCombined)
            {
                Combined.Remove(column);
                Cells[column].Content &= ~Cell.CombinedFlag;
            }
        }
    }

    /// <summary>Adds a code point to the cell's text (a combining mark after its base), as xterm.js does.</summary>
    public void AddCodePoint(int column, int codePoint, int width)
    {
        ref var cell = ref Cells[column];
        var text = cell.IsCombined ? Combined![column] : cell.CodePoint == 0 ? string.Empty : char.ConvertFromUtf32(cell.CodePoint);
        Combined ??= [];
        Combined[column] = string.Concat(text, char.ConvertFromUtf32(codePoint));
        cell.Content = (cell.Content & Cell.CodePointMask) | Cell.CombinedFlag | ((width ^ 1) << Cell.WidthShift);
    }

    /// <summary>Fills [start, end) with <paramref name="fill"/>, mending wide characters cut at either edge (xterm.js replaceCells).</summary>
    public void Replace(int start, int end, Cell fill)
    {
        var length = Cells.Length;
        end = Math.Min(end, length);
        if (start > 0 && start < length + 1 && Cells[start - 1].Width == 2)
        {
            Set(start - 1, Blank(fill));
        }

        if (end < length && end > 0 && Cells[end - 1].Width == 2)
        {
            Set(end, Blank(fill));
        }

        if (start < end)
        {
            ForgetCombined(start, end);
            Cells.AsSpan(start, end - start).Fill(fill);
        }
    }

    /// <summary>Inserts <paramref name="count"/> cells at <paramref name="position"/>, shifting the rest right (ICH).</summary>
    public void Insert(int position, int count, Cell fill)
    {
        var length = Cells.Length;
        position %= length;
        if (position > 0 && Cells[position - 1].Width == 2)
        {
            Set(position - 1, Blank(fill));
        }

        if (count < length - position)
        {
            MoveCells(position, position + count, length - position - count);
            ForgetCombined(position, position + count);
            Cells.AsSpan(position, count).Fill(fill);
        }
        else
        {
            ForgetCombined(position, length);
            Cells.AsSpan(position).Fill(fill);
        }

        if (Cells[length - 1].Width == 2)
        {
            Set(length - 1, Blank(fill));
        }
    }

    /// <summary>Deletes <paramref name="count"/> cells at <paramref name="position"/>, shifting the rest left (DCH).</summary>
    public void Delete(int position, int count, Cell fill)
    {
        var length = Cells.Length;
        position %= length;
        if (count < length - position)
        {
            MoveCells(position + count, position, length - position - count);
            ForgetCombined(length - count, length);
            Cells.AsSpan(length - count).Fill(fill);
        }
        else
        {
            ForgetCombined(position, length);
            Cells.AsSpan(position).Fill(fill);
        }

        if (position > 0 && Cells[position - 1].Width == 2)
        {
            Set(position - 1, Blank(fill));
        }

        if (Cells[position].Width == 0 && !Cells[position].HasContent)
        {
            Set(position, Blank(fill));
        }
    }

    /// <summary>New width: cut on the right or padded with empty cells (no reflow).</summary>
    public void Resize(int columns)
    {
        if (columns == Cells.Length)
        {
            return;
        }

        var cells = new Cell[columns];
        Cells.AsSpan(0, Math.Min(columns, Cells.Length)).CopyTo(cells);
        if (columns < Cells.Length && Combined is { Count: > 0 })
        {
            foreach (var column in Combined.Keys.Where(k => k >= columns).ToList())
            {
                Combined.Remove(column);
            }
        }

        Cells = cells;
    }

    public void CopyFrom(TerminalLine source)
    {
        source.Cells.AsSpan().CopyTo(Cells);
        Combined?.Clear();
        if (source.Combined is { Count: > 0 })
        {
            Combined ??= [];
            foreach (var (column, text) in source.Combined)
            {
                Combined[column] = text;
            }
        }

        IsWrapped = source.IsWrapped;
    }

    /// <summary>The column after the last cell with content, as xterm.js's getTrimmedLength.</summary>
    public int TrimmedLength()
    {
        for (var i = Cells.Length - 1; i >= 0; i--)
        {
            if (Cells[i].HasContent)
            {
                return i + Cells[i].Width;
            }
        }

        return 0;
    }

    private static Cell Blank(Cell fill) => new() { Content = 0, Fg = fill.Fg, Bg = fill.Bg };

    private void MoveCells(int from, int to, int count)
    {
        if (Combined is { Count: > 0 })
        {
            var moved = new List<(int Column, string Text)>();
            for (var i = 0; i < count; i++)
            {
                if (Cells[from + i].IsCombined)
                {
                    moved.Add((to + i, Combined[from + i]));
                    Combined.Remove(from + i);
                }
            }

            Cells.AsSpan(from, count).CopyTo(Cells.AsSpan(to, count));
            foreach (var (column, text) in moved)
            {
                Combined[column] = text;
            }

            return;
        }

        Cells.AsSpan(from, count).CopyTo(Cells.AsSpan(to, count));
    }
}
