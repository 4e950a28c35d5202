using System.Text;

namespace DeskMirror.Terminal.Internal;

/// <summary>Rows as text, the way xterm.js's translateToString reads them, with trailing spaces trimmed.</summary>
internal static class ScreenTextReader
{
    public static TerminalScreenText Read(TerminalState state, int scrollbackLines)
    {
        var buffer = state.Active;
        var builder = new StringBuilder(buffer.Cols);
        var lines = new string[buffer.Rows];
        for (var y = 0; y < buffer.Rows; y++)
        {
            lines[y] = LineText(buffer.Line(y), builder);
        }

        var count = state.IsAlternate ? 0 : Math.Min(scrollbackLines, buffer.ScrollbackCount);
        var scrollback = new string[count];
        for (var i = 0; i < count; i++)
        {
            scrollback[i] = LineText(buffer.LineAt(buffer.ScrollbackCount - count + i), builder);
        }

        return new TerminalScreenText(
            buffer.Cols, buffer.Rows, buffer.X, buffer.Y, !state.CursorHidden, state.Title, state.IsAlternate, lines, scrollback);
    }

    public static string LineText(TerminalLine line, StringBuilder builder)
    {
        builder.Clear();
        var cells = line.Cells;
        for (var x = 0; x < cells.Length;)
        {
            var cell = cells[x];
            if (cell.IsCombined)
            {
                builder.Append(line.GetCombined(x));
            }
            else if (cell.CodePoint != 0)
            {
                AppendCodePoint(builder, cell.CodePoint);
            }
            else
            {
                builder.Append(' ');
            }

            x += Math.Max(cell.Width, 1);
        }

        var length = builder.Length;
        while (length > 0 && builder[length - 1] == ' ')
        {
            length--;
        }

        return builder.ToString(0, length);
    }

    private static void AppendCodePoint(StringBuilder builder, int codePoint)
    {
        if (codePoint < 0x10000)
        {
            builder.Append((char)codePoint);
        }
        else
        {
            codePoint -= 0x10000;
            builder.Append((char)(0xD800 + (codePoint >> 10)));
            builder.Append((char)(0xDC00 + (codePoint & 0x3FF)));
        }
    }
}
