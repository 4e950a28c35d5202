using System.Text;
using DeskMirror.Terminal.Internal;

namespace DeskMirror.Terminal.Tests.Infrastructure;

/// <summary>The emulator's state as a <see cref="ScreenDump"/>, read the way Browser/harness.js reads xterm.js.</summary>
internal static class EmulatorDump
{
    private const string EmptyCell = "1:0/-1:0/-1:";

    public static ScreenDump From(TerminalEmulator emulator, int bells = 0)
    {
        var state = emulator.State;
        var active = state.Active;
        return new ScreenDump(
            active.X,
            active.Y,
            state.IsAlternate,
            state.Title,
            bells,
            Lines(active),
            state.IsAlternate ? Lines(state.Main) : null,
            new ModesDump(
                state.ApplicationCursorKeys,
                state.ApplicationKeypad,
                state.BracketedPaste,
                state.Mouse.ToString().ToLowerInvariant(),
                state.MouseEncoding switch { MouseEncoding.Sgr => "SGR", MouseEncoding.SgrPixels => "SGR_PIXELS", _ => "DEFAULT" },
                state.SendFocus,
                !state.CursorHidden,
                state.InsertMode,
                state.Wraparound,
                state.Origin,
                state.ReverseWraparound,
                state.ConvertEol),
            new StateDump(BufferState(active), state.IsAlternate ? BufferState(state.Main) : null));
    }

    private static List<LineDump> Lines(ScreenBuffer buffer)
    {
        var lines = new List<LineDump>(buffer.LineCount);
        var builder = new StringBuilder();
        for (var i = 0; i < buffer.LineCount; i++)
        {
            var line = buffer.LineAt(i);
            var cells = line.Cells.Select(Signature).ToList();
            while (cells.Count > 0 && cells[^1] == EmptyCell)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            lines.Add(new LineDump(ScreenTextReader.LineText(line, builder), line.IsWrapped, string.Join(' ', cells)));
        }

        return lines;
    }

    private static string Signature(Cell cell)
    {
        var flags = new StringBuilder();
        Flag(flags, (cell.Fg & Attr.Bold) != 0, 'b');
        Flag(flags, (cell.Bg & Attr.Dim) != 0, 'd');
        Flag(flags, (cell.Bg & Attr.Italic) != 0, 'i');
        Flag(flags, Attr.UnderlineStyle(cell.Bg) != 0, 'u');
        Flag(flags, (cell.Fg & Attr.Blink) != 0, 'k');
        Flag(flags, (cell.Fg & Attr.Inverse) != 0, 'r');
        Flag(flags, (cell.Fg & Attr.Invisible) != 0, 'h');
        Flag(flags, (cell.Fg & Attr.Strikethrough) != 0, 's');
        Flag(flags, (cell.Bg & Attr.Overline) != 0, 'o');
        return $"{cell.Width}:{Mode(cell.Fg)}/{Color(cell.Fg)}:{Mode(cell.Bg)}/{Color(cell.Bg)}:{flags}";
    }

    private static void Flag(StringBuilder flags, bool on, char letter)
    {
        if (on)
        {
            flags.Append(letter);
        }
    }

    private static int Mode(int attr) => (attr & Attr.ModeMask) >>> Attr.ModeShift;

    private static int Color(int attr) => (attr & Attr.ModeMask) == 0 ? -1 : attr & Attr.ColorMask;

    private static BufferStateDump BufferState(ScreenBuffer buffer)
    {
        var tabs = string.Join(',', Enumerable.Range(0, buffer.Cols).Where(x => buffer.Tabs[x]));
        return new BufferStateDump(
            buffer.ScrollTop,
            buffer.ScrollBottom,
            buffer.Saved.X,
            buffer.Saved.Y - buffer.ScrollbackCount,
            XtermFg(buffer.Saved.Fg, buffer.Saved.Bg),
            XtermBg(buffer.Saved.Bg),
            tabs);
    }

    // xterm.js keeps its flags in other bits (FgFlags, BgFlags); the colour bits are the same.
    private static int XtermFg(int fg, int bg)
    {
        var result = fg & Attr.ColorAndModeMask;
        result |= (fg & Attr.Inverse) != 0 ? 0x4000000 : 0;
        result |= (fg & Attr.Bold) != 0 ? 0x8000000 : 0;
        result |= Attr.UnderlineStyle(bg) != 0 ? 0x10000000 : 0;
        result |= (fg & Attr.Blink) != 0 ? 0x20000000 : 0;
        result |= (fg & Attr.Invisible) != 0 ? 0x40000000 : 0;
        result |= (fg & Attr.Strikethrough) != 0 ? unchecked((int)0x80000000) : 0;
        return result;
    }

    private static int XtermBg(int bg)
    {
        var result = bg & Attr.ColorAndModeMask;
        result |= (bg & Attr.Italic) != 0 ? 0x4000000 : 0;
        result |= (bg & Attr.Dim) != 0 ? 0x8000000 : 0;
        result |= Attr.UnderlineStyle(bg) != 0 ? 0x10000000 : 0;
        result |= (bg & Attr.Overline) != 0 ? 0x40000000 : 0;
        return result;
    }
}
