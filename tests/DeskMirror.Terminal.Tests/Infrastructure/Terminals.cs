using System.Text;

namespace DeskMirror.Terminal.Tests.Infrastructure;

internal static class Terminals
{
    public static TerminalEmulator New(int columns = 80, int rows = 24, int scrollback = 5000) =>
        new(new TerminalOptions { Cols = columns, Rows = rows, ScrollbackLines = scrollback });

    public static TerminalEmulator Feed(this TerminalEmulator terminal, string text)
    {
        terminal.Feed(Encoding.UTF8.GetBytes(text));
        return terminal;
    }

    public static TerminalEmulator Apply(this TerminalEmulator terminal, byte[] data)
    {
        terminal.Feed(data);
        return terminal;
    }

    public static string Line(this TerminalEmulator terminal, int row) => terminal.GetScreenText().Lines[row];

    /// <summary>Every way to cut <paramref name="data"/> in two, plus one byte at a time.</summary>
    public static IEnumerable<(string How, byte[][] Parts)> Splits(byte[] data)
    {
        for (var cut = 0; cut <= data.Length; cut++)
        {
            yield return ($"cut at byte {cut}", [data[..cut], data[cut..]]);
        }

        yield return ("one byte at a time", [.. data.Select(b => new[] { b })]);
    }
}
