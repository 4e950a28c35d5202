using DeskMirror.Terminal.Tests.Infrastructure;

namespace DeskMirror.Terminal.Tests;

/// <summary>
/// A snapshot taken after any byte of a program's output, followed by the rest of the output, gives the state
/// the whole output gives: the snapshot ends with the unfinished sequence, so the receiver parses on as we do.
/// The receiver here is a second emulator (the fidelity tests show it holds what xterm.js holds).
/// </summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("bash-prompt", 3)]
    [InlineData("wide-emoji", 1)]
    [InlineData("vim-alternate", 5)]
    [InlineData("progress-scroll-region", 7)]
    public void Snapshot_AfterAnyByteThenTheRest_SameAsWholeOutput(string fixture, int step)
    {
        var data = TestAssets.Fixture(fixture);
        var whole = EmulatorDump.From(Terminals.New().Apply(data));
        for (var cut = 0; cut <= data.Length; cut += step)
        {
            var first = Terminals.New().Apply(data[..cut]);
            var receiver = Terminals.New().Apply([.. first.CreateSnapshot(5000), .. data[cut..]]);

            DumpAssert.Equal(whole, EmulatorDump.From(receiver), $"{fixture} cut at byte {cut}");
        }
    }

    [Fact]
    public void Snapshot_ScrollbackTail_OnlyTheNewestLines()
    {
        var terminal = Terminals.New(20, 3);
        for (var i = 0; i < 50; i++)
        {
            terminal.Feed($"line {i}\r\n");
        }

        var receiver = Terminals.New(20, 3).Apply(terminal.CreateSnapshot(5));

        var text = receiver.GetScreenText(100);
        Assert.Equal(["line 43", "line 44", "line 45", "line 46", "line 47"], text.Scrollback);
        Assert.Equal(["line 48", "line 49", ""], text.Lines);
    }

    [Fact]
    public void Snapshot_InsideAnOverlongOsc_ReceiverDropsTheRestToo()
    {
        var terminal = new TerminalEmulator(new TerminalOptions { MaxPayloadBytes = 64 });
        terminal.Feed("before\u001b]2;" + new string('t', 500));

        var receiver = new TerminalEmulator(new TerminalOptions { MaxPayloadBytes = 64 }).Apply(terminal.CreateSnapshot(0));
        receiver.Feed("tail of the title\u0007after");

        Assert.Equal("beforeafter", receiver.Line(0));
        Assert.Equal(string.Empty, receiver.Title);
    }
}
