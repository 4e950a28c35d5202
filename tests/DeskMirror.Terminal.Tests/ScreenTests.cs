using DeskMirror.Terminal.Tests.Infrastructure;

namespace DeskMirror.Terminal.Tests;

/// <summary>The screen's state after control functions: regions, screens, wide characters, tabs, erase, resize, bounds.</summary>
public sealed class ScreenTests
{
    [Fact]
    public void ScrollRegion_LineFeedAtItsBottom_ScrollsOnlyTheRegion()
    {
        var terminal = Terminals.New(10, 5).Feed("top\r\n1\r\n2\r\n3\r\nbottom\u001b[2;4r\u001b[4;1Hx\nnew");

        var text = terminal.GetScreenText(10);
        Assert.Equal(["top", "2", "x", " new", "bottom"], text.Lines);
        Assert.Empty(text.Scrollback);
    }

    [Fact]
    public void ScrollRegion_StartingAtTheTop_PushesIntoScrollbackLikeXterm()
    {
        var terminal = Terminals.New(10, 4).Feed("a\r\nb\r\nc\r\nstatus\u001b[1;3r\u001b[3;1H\nd");

        var text = terminal.GetScreenText(10);
        Assert.Equal(["a"], text.Scrollback);
        Assert.Equal(["b", "c", "d", "status"], text.Lines);
    }

    [Fact]
    public void AlternateScreen_1049_KeepsMainScreenAndRestoresCursor()
    {
        var terminal = Terminals.New(20, 4).Feed("shell$ vim\u001b[?1049h\u001b[Hfull screen\u001b[3;5H");

        Assert.True(terminal.IsAlternateScreen);
        Assert.Equal("full screen", terminal.Line(0));
        Assert.Empty(terminal.GetScreenText(10).Scrollback);

        terminal.Feed("\u001b[?1049l");
        Assert.False(terminal.IsAlternateScreen);
        Assert.Equal("shell$ vim", terminal.Line(0));
        Assert.Equal((10, 0), (terminal.CursorX, terminal.CursorY));
    }

    [Fact]
    public void WideCharacter_OverwritingItsSecondHalf_EmptiesTheFirst()
    {
        var terminal = Terminals.New(10, 2).Feed("中文\u001b[1Gab\u001b[4Gx");

        Assert.Equal("ab x", terminal.Line(0));
    }

    [Fact]
    public void WideCharacter_AtTheLastColumn_WrapsAndLeavesTheCellEmpty()
    {
        var terminal = Terminals.New(5, 3).Feed("abcd中e");

        Assert.Equal(["abcd", "中e", ""], terminal.GetScreenText().Lines);
        Assert.Equal(3, terminal.CursorX);
    }

    [Fact]
    public void EmojiSequences_TakeUnicode11Widths()
    {
        // ZWJ joins (width 0) but the next emoji takes its own two cells; VS16 joins without widening U+2764.
        var terminal = Terminals.New(20, 2).Feed("👨\u200d👩|❤\ufe0f|e\u0301|");

        Assert.Equal("👨\u200d👩|❤\ufe0f|e\u0301|", terminal.Line(0));
        Assert.Equal(2 + 2 + 1 + 1 + 1 + 1 + 1, terminal.CursorX);
    }

    [Fact]
    public void Tabs_SetClearedAndMovedBetween()
    {
        var terminal = Terminals.New(40, 4).Feed(
            "a\tb" +
            "\r\n\u001b[3g\u001b[5G\u001bH\u001b[11G\u001bH\r\tx\ty\u001b[Z\u001b[Zz" +
            "\r\n\u001b[2Iw" +
            "\r\n\u001b[5G\u001b[g\r\tv");

        Assert.Equal(["a       b", "    z     y", "          w", "          v"], terminal.GetScreenText().Lines);
    }

    [Fact]
    public void Erase_DisplayLineAndCharacters()
    {
        var terminal = Terminals.New(10, 3).Feed("0123456789\r\nabcdefghij\r\nklmnopqrst\u001b[2;5H\u001b[1K\u001b[3;3H\u001b[3X\u001b[1;8H\u001b[K");

        Assert.Equal(["0123456", "     fghij", "kl   pqrst"], terminal.GetScreenText().Lines);

        terminal.Feed("\u001b[2;3H\u001b[J");
        Assert.Equal(["0123456", "", ""], terminal.GetScreenText().Lines);
    }

    [Fact]
    public void InsertAndDeleteCharactersAndLines()
    {
        var terminal = Terminals.New(8, 4).Feed("abcdef\r\nline2\r\nline3\r\nline4\u001b[1;3H\u001b[2@\u001b[1;7H\u001b[P\u001b[2;1H\u001b[L\u001b[4;1H\u001b[M");

        Assert.Equal(["ab  cdf", "", "line2", ""], terminal.GetScreenText().Lines);
    }

    [Fact]
    public void DecLineDrawing_MapsToBoxCharacters()
    {
        var terminal = Terminals.New(10, 2).Feed("\u001b(0lqqk\u001b(B lqk");

        Assert.Equal("┌──┐ lqk", terminal.Line(0));
    }

    [Fact]
    public void OriginMode_PositionsRelativeToTheRegion()
    {
        var terminal = Terminals.New(10, 6).Feed("\u001b[3;5r\u001b[?6h\u001b[2;2Hx");

        Assert.Equal(" x", terminal.Line(3));
        Assert.True(terminal.Modes.OriginMode);
    }

    [Fact]
    public void TitleStack_PushedAndPopped()
    {
        var terminal = Terminals.New().Feed("\u001b]2;shell\u0007\u001b[22;2t\u001b]2;vim\u0007");
        Assert.Equal("vim", terminal.Title);

        terminal.Feed("\u001b[23;2t");
        Assert.Equal("shell", terminal.Title);
    }

    [Fact]
    public void Scrollback_PastItsBound_KeepsTheNewestLines()
    {
        var terminal = Terminals.New(20, 5, scrollback: 100);
        for (var i = 0; i < 1000; i++)
        {
            terminal.Feed($"line {i}\r\n");
        }

        var text = terminal.GetScreenText(1000);
        Assert.Equal(100, terminal.ScrollbackCount);
        Assert.Equal(100, text.Scrollback.Count);
        Assert.Equal("line 896", text.Scrollback[0]);
        Assert.Equal("line 999", text.Lines[3]);
    }

    [Fact]
    public void Resize_RowsFollowXtermAndColumnsCutWithoutReflow()
    {
        var terminal = Terminals.New(10, 4);
        for (var i = 0; i < 8; i++)
        {
            terminal.Feed($"\r\nline {i}");
        }

        // Taller with the cursor at the bottom: lines come back from the scrollback.
        terminal.Resize(10, 6);
        Assert.Equal(["line 2", "line 3", "line 4", "line 5", "line 6", "line 7"], terminal.GetScreenText().Lines);
        Assert.Equal(5, terminal.CursorY);

        // Shorter: rows go back into the scrollback, the cursor's row stays at the bottom.
        terminal.Resize(4, 3);
        Assert.Equal(["line", "line", "line"], terminal.GetScreenText().Lines);
        Assert.Equal((3, 2), (terminal.CursorX, terminal.CursorY));
        Assert.Equal(6, terminal.ScrollbackCount);
    }

    [Fact]
    public void ScreenText_ReportsCursorTitleAlternateAndScrollback()
    {
        var terminal = Terminals.New(10, 2).Feed("\u001b]0;build\u0007one\r\ntwo\r\nthree  \u001b[?25l");

        var text = terminal.GetScreenText(5);
        Assert.Equal(new[] { "two", "three" }, text.Lines);
        Assert.Equal(new[] { "one" }, text.Scrollback);
        Assert.Equal((7, 1, false, "build", false), (text.CursorX, text.CursorY, text.CursorVisible, text.Title, text.Alternate));

        terminal.Feed("\u001b[?47h");
        Assert.Empty(terminal.GetScreenText(5).Scrollback);
        Assert.True(terminal.GetScreenText().Alternate);
    }

    [Fact]
    public void Modes_SetByTheProgram_Reported()
    {
        var terminal = Terminals.New().Feed("\u001b[?1h\u001b=\u001b[?2004h\u001b[?1002h\u001b[?1006h\u001b[?1004h\u001b[?25l\u001b[4h\u001b[?7l\u001b[5 q");

        Assert.Equal(
            new TerminalModes(true, true, true, MouseTracking.Drag, MouseEncoding.Sgr, true, false, true, false, false, false, false, 5),
            terminal.Modes);

        terminal.Feed("\u001b[?1002l\u001b[?1006l\u001b>");
        Assert.Equal((MouseTracking.None, MouseEncoding.Default, false), (terminal.Modes.Mouse, terminal.Modes.MouseEncoding, terminal.Modes.ApplicationKeypad));
    }

    [Fact]
    public void Options_OutOfRange_EveryOneNamed()
    {
        var options = new TerminalOptions { Cols = 0, Rows = 1001, ScrollbackLines = -1, MaxPayloadBytes = 1 };

        var errors = options.Validate();
        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("Cols", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Rows", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ScrollbackLines", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxPayloadBytes", StringComparison.Ordinal));
        var thrown = Assert.Throws<ArgumentException>(() => new TerminalEmulator(options));
        Assert.Contains("ScrollbackLines", thrown.Message, StringComparison.Ordinal);
    }
}
