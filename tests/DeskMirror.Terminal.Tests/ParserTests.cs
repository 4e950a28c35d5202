using System.Text;
using DeskMirror.Terminal.Tests.Infrastructure;

namespace DeskMirror.Terminal.Tests;

/// <summary>Decoding and parsing: splits anywhere, bad input dropped as xterm.js drops it, nothing grows.</summary>
public sealed class ParserTests
{
    private const string Mixed = "é中😀\u001b[1;38;2;10;20;30mx\u001b[38:2::1:2:3;48:5:200;4:3my\u001b[0m\u001b]0;tïtle\u0007a\u0301b\r\nnext";

    [Fact]
    public void Utf8AndSequences_CutAtEveryByte_SameStateAsWhole()
    {
        var data = Encoding.UTF8.GetBytes(Mixed);
        var whole = EmulatorDump.From(Terminals.New(20, 4).Apply(data));
        foreach (var (how, parts) in Terminals.Splits(data))
        {
            var terminal = Terminals.New(20, 4);
            foreach (var part in parts)
            {
                terminal.Feed(part);
            }

            Assert.True(Same(EmulatorDump.From(terminal), whole), how);
        }
    }

    [Fact]
    public void Utf8_InvalidBytesAndByteOrderMark_DroppedLikeXterm()
    {
        // A stray continuation, an invalid lead, a lead cut short by ASCII, an overlong form, a surrogate, U+FEFF.
        var terminal = Terminals.New();
        terminal.Feed([(byte)'a', 0x80, (byte)'b', 0xFF, (byte)'c', 0xC3, (byte)'(', (byte)'d', 0xC0, 0x80, (byte)'e', 0xED, 0xA0, 0x80, (byte)'f', 0xEF, 0xBB, 0xBF, (byte)'g']);

        Assert.Equal("abc(defg", terminal.Line(0));
    }

    [Fact]
    public void EndlessOsc_NeverGrowsAndParserRecovers()
    {
        var terminal = Terminals.New();
        terminal.Feed("\u001b]2;");
        var chunk = Encoding.ASCII.GetBytes(new string('t', 64 * 1024));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 160; i++)
        {
            terminal.Feed(chunk);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        terminal.Feed("\u0007after");

        Assert.True(allocated < 64 * 1024, $"10 MiB of one unterminated OSC allocated {allocated} bytes");
        Assert.Equal(string.Empty, terminal.Title);
        Assert.Equal("after", terminal.Line(0));
    }

    [Theory]
    [InlineData("\u001bP")]
    [InlineData("\u001b_")]
    [InlineData("\u001bX")]
    public void EndlessDeviceControlOrApplicationString_NeverGrowsAndParserRecovers(string introducer)
    {
        var terminal = Terminals.New();
        terminal.Feed(introducer + "q");
        var chunk = Encoding.ASCII.GetBytes(new string('#', 64 * 1024));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 160; i++)
        {
            terminal.Feed(chunk);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        terminal.Feed("\u001b\\after");

        Assert.True(allocated < 64 * 1024, $"10 MiB of one unterminated string allocated {allocated} bytes");
        Assert.Equal("after", terminal.Line(0));
    }

    [Fact]
    public void ControlSequence_ThousandsOfParametersAndHugeNumbers_Capped()
    {
        var terminal = Terminals.New(10, 5);
        terminal.Feed("\u001b[" + string.Concat(Enumerable.Repeat("1;", 5000)) + "31mred");
        terminal.Feed("\u001b[99999999999999999999999B\u001b[2147483647L\u001b[2147483647@x");

        Assert.Equal("red", terminal.Line(0));
        Assert.Equal(4, terminal.CursorY);
        Assert.Equal("x", terminal.Line(4));
    }

    [Fact]
    public void Feed_SteadyOutput_AllocatesNothing()
    {
        var terminal = Terminals.New(80, 24, scrollback: 100);
        var text = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\u001b[1;3{i % 8}mline {i}\u001b[0m plain \u001b[38;5;{i % 256}mcolour\u001b[m 中文 ✓\r\n\u001b[2K\u001b[A\u001b[B");
        }

        var data = Encoding.UTF8.GetBytes(text.ToString());
        terminal.Feed(data);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var offset = 0; offset < data.Length; offset += 4096)
        {
            terminal.Feed(data.AsSpan(offset, Math.Min(4096, data.Length - offset)));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void C1Controls_AsUtf8CodePoints_ActLikeXterm()
    {
        // U+009B is CSI and U+009D is OSC when they arrive as code points, as xterm.js treats them.
        var terminal = Terminals.New();
        terminal.Feed("a\u009b2Cb\u009d2;c1 title\u0007");

        Assert.Equal("a  b", terminal.Line(0));
        Assert.Equal("c1 title", terminal.Title);
    }

    private static bool Same(ScreenDump a, ScreenDump b) =>
        a.CursorX == b.CursorX && a.CursorY == b.CursorY && a.Title == b.Title && a.Modes == b.Modes && a.Lines.SequenceEqual(b.Lines);
}
