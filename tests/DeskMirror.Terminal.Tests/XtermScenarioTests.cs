using System.Text;
using DeskMirror.Terminal.Tests.Infrastructure;

namespace DeskMirror.Terminal.Tests;

/// <summary>
/// Edge cases of the control functions, each compared with xterm.js on a small screen (20×6, scrollback 50):
/// the emulator must hold what xterm.js holds, and its snapshot must rebuild it.
/// </summary>
public sealed class XtermScenarioTests(XtermBrowser browser) : IClassFixture<XtermBrowser>
{
    private const int Cols = 20;
    private const int Rows = 6;
    private const int Scrollback = 50;

    public static TheoryData<string, string> Scenarios => new()
    {
        { "pending wrap then CR LF", "12345678901234567890\r\nnext" },
        { "pending wrap then text", "12345678901234567890next line" },
        { "pending wrap then backspace", "12345678901234567890\bX" },
        { "pending wrap then cursor forward", "12345678901234567890\u001b[CY" },
        { "less's space-backspace at the edge", "1234567890123456789 \b9continued" },
        { "wide at the edge", "123456789012345678中文abc" },
        { "wide exactly filling", "1234567890123456789中X" },
        { "wide overwritten halves", "中文字\u001b[2Gx\u001b[5Gy" },
        { "insert mode with wide", "abcdefghijklmnopq\u001b[1G\u001b[4h中\u001b[4l" },
        { "zwj, vs16, combining, lone mark", "👨\u200d👩\u200d👧 ❤\ufe0f e\u0301\r\n\u0301x\u001b[5G\u0302" },
        { "combining after a wide character", "中\u0301文\u0300" },
        { "tabs set, cleared, back", "\u001b[3g\u001b[4G\u001bH\u001b[9G\u001bH\r\ta\tb\tc\u001b[Zd\r\n\tq\r\n\t\u001b[0g\r\tr" },
        { "erase with background colour", "\u001b[44mabc\r\n\u001b[42m\u001b[2Kx\u001b[43m\u001b[5X\u001b[45m\u001b[J\u001b[0mend" },
        { "erase display above and below", "aaaa\r\nbbbb\r\ncccc\r\ndddd\u001b[2;3H\u001b[1J\u001b[3;2H\u001b[0J" },
        { "erase display 1 at the last column", "a\r\n12345678901234567890xy\u001b[2;20H\u001b[1J" },
        { "insert and delete characters", "abcdefghijklmnopqrst\u001b[1;5H\u001b[3@\u001b[1;10H\u001b[2P\u001b[1;18H\u001b[9@" },
        { "insert and delete lines in a region", "1\r\n2\r\n3\r\n4\r\n5\r\n6\u001b[2;5r\u001b[3;1H\u001b[2L\u001b[4;1H\u001b[M\u001b[r" },
        { "scroll up and down", "1\r\n2\r\n3\r\n4\r\n5\r\n6\u001b[2;4r\u001b[2S\u001b[1T\u001b[r\u001b[3S" },
        { "region at top to scrollback", "a\r\nb\r\nc\r\nd\r\ne\r\nf\u001b[1;3r\u001b[3;1H\n\n\nX\u001b[r" },
        { "region in the middle", "a\r\nb\r\nc\r\nd\r\ne\r\nf\u001b[2;4r\u001b[4;1H\n\nY\u001bMZ\u001b[2;1H\u001bM\u001bMW" },
        { "origin mode relative moves", "\u001b[2;5r\u001b[?6h\u001b[2;3Ha\u001b[Ab\u001b[3Bc\u001b[10;10Hd\u001b[?6l" },
        { "reverse index at the top", "a\r\nb\u001b[H\u001bM\u001bMtop" },
        { "save and restore cursor with attributes", "\u001b[31m\u001b[3;4H\u001b7\u001b[0m\u001b[H\u001b[1mx\u001b8y\u001b[s\u001b[5;5Hz\u001b[uw" },
        { "alternate 1049 and back", "main\u001b[?1049h\u001b[41malt\u001b[?1049lback" },
        { "alternate 47 and 1047 stay", "main\u001b[?47halt\u001b[?47l\u001b[?1047hother" },
        { "alternate screen filled with erase colour", "x\u001b[44m\u001b[?1049h\u001b[0mhi" },
        { "soft reset", "\u001b[?6h\u001b[2;4r\u001b[31m\u001b[4h\u001b[?25l\u001b[!pafter" },
        { "full reset keeps hidden cursor", "junk\u001b[?25l\u001b]2;t\u0007\u001bcfresh" },
        { "charsets SO SI and G1", "\u001b)0\u000eqqq\u000fqqq\u001b(0lk\u001b(Bx" },
        { "charset saved with the cursor", "\u001b(0\u001b7\u001b(Ba\u001b8q" },
        { "repeat preceding character", "ab\u001b[3b中\u001b[2b\r\n\u001b[5b" },
        { "screen alignment", "xyz\u001b#8" },
        { "sgr everything", "\u001b[1;2;3;4;5;7;8;9;53mA\u001b[0;21mB\u001b[4:3mC\u001b[22;23;24;25;27;28;29;55mD\u001b[38:2::1:2:3;48:5:200mE\u001b[38;5;100;48;2;4;5;6mF\u001b[91;102mG\u001b[39;49mH" },
        { "cursor movement clamps", "\u001b[99;99Ha\u001b[99Ab\u001b[99Dc\u001b[5;0Hd\u001b[0;5He\u001b[3`f\u001b[2ag\u001b[4dh\u001b[2ei\u001b[Ej\u001b[2Fk" },
        { "modes", "\u001b[?1h\u001b=\u001b[?2004h\u001b[?1003h\u001b[?1016h\u001b[?1004h\u001b[?45h\u001b[?7l\u001b[20h\u001b[4hx" },
        { "no wraparound overwrites the last column", "\u001b[?7l123456789012345678901234中" },
        { "reverse wraparound backspace", "\u001b[?45h12345678901234567890ab\b\b\b\bX" },
        { "bells and titles", "\u0007\u001b]0;one\u0007\u001b]2;two\u001b\\\u001b[22;2t\u001b]2;three\u0007\u001b[23;2t" },
        { "scrollback past the limit", string.Concat(Enumerable.Range(0, 80).Select(i => $"line {i}\r\n")) + "end" },
        { "clear scrollback", "a\r\nb\r\nc\r\nd\r\ne\r\nf\r\ng\r\nh\u001b[3J" },
        { "C1 controls", "a\u009b2Cb\u009d2;title\u009cc\u0084d\u0085e" },
        { "long line wraps several rows", new string('w', 70) + " end" },
        { "huge counts", "a\u001b[3;3H\u001b[2147483647Cb\u001b[2147483647Bc\u001b[2147483647Dd\u001b[2147483647Ae\u001b[4;5H\u001b[2147483647@\u001b[2;1Hxyz\u001b[2;2H\u001b[2147483647P\u001b[6;1H\u001b[9999L\u001b[1;3H\u001b[2147483647Xf" },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_FedToEmulatorAndXterm_SameScreen(string name, string text)
    {
        var data = Encoding.UTF8.GetBytes(text);
        var expected = await XtermDumpAsync(data);

        var emulator = new TerminalEmulator(new TerminalOptions { Cols = Cols, Rows = Rows, ScrollbackLines = Scrollback });
        var bells = 0;
        emulator.Bell += (_, _) => bells++;
        emulator.Feed(data);

        DumpAssert.Equal(expected, EmulatorDump.From(emulator, bells), name);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Scenario_SnapshotWrittenToFreshXterm_RebuildsXtermState(string name, string text)
    {
        var data = Encoding.UTF8.GetBytes(text);
        var expected = await XtermDumpAsync(data);

        var emulator = new TerminalEmulator(new TerminalOptions { Cols = Cols, Rows = Rows, ScrollbackLines = Scrollback });
        emulator.Feed(data);
        var rebuilt = await XtermDumpAsync(emulator.CreateSnapshot(Scrollback));

        DumpAssert.Equal(expected with { Bells = 0 }, rebuilt, name + " (snapshot)");
    }

    private async Task<ScreenDump> XtermDumpAsync(byte[] data)
    {
        var id = await browser.CreateAsync(Cols, Rows, Scrollback, data);
        try
        {
            return await browser.DumpAsync(id);
        }
        finally
        {
            await browser.ReleaseAsync(id);
        }
    }
}
