using DeskMirror.Terminal.Tests.Infrastructure;

namespace DeskMirror.Terminal.Tests;

/// <summary>
/// The emulator against xterm.js itself (the UI's terminal) in Chromium, on output recorded from real programs:
/// the same bytes must leave the same text, cells, cursor, modes and title; and the emulator's snapshot written to
/// a fresh xterm.js must rebuild what xterm.js shows after the original bytes.
/// </summary>
public sealed class XtermFidelityTests(XtermBrowser browser) : IClassFixture<XtermBrowser>
{
    private const int Cols = 80;
    private const int Rows = 24;
    private const int Scrollback = 5000;

    public static TheoryData<string> Fixtures => [.. TestAssets.FixtureNames];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Fixture_FedToEmulatorAndXterm_SameScreen(string fixture)
    {
        var data = TestAssets.Fixture(fixture);
        var expected = await XtermDumpAsync(data);

        var emulator = NewEmulator();
        var bells = 0;
        emulator.Bell += (_, _) => bells++;
        emulator.Feed(data);

        DumpAssert.Equal(expected, EmulatorDump.From(emulator, bells), fixture);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Fixture_SnapshotWrittenToFreshXterm_RebuildsXtermState(string fixture)
    {
        var data = TestAssets.Fixture(fixture);
        var expected = await XtermDumpAsync(data);

        var emulator = NewEmulator();
        emulator.Feed(data);
        var snapshot = await XtermDumpAsync(emulator.CreateSnapshot(Scrollback));

        // Bells are events, not state: a snapshot never rings.
        DumpAssert.Equal(expected with { Bells = 0 }, snapshot, fixture + " (snapshot)");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Fixture_SnapshotThenRestOfOutput_SameAsWholeOutput(string fixture)
    {
        // A viewer joins half-way: the snapshot of the first half, then the live second half.
        var data = TestAssets.Fixture(fixture);
        var expected = await XtermDumpAsync(data);
        var half = data.Length / 2;

        var emulator = NewEmulator();
        emulator.Feed(data.AsSpan(0, half));
        var joined = emulator.CreateSnapshot(Scrollback).Concat(data.Skip(half)).ToArray();
        var actual = await XtermDumpAsync(joined);

        DumpAssert.Equal(expected with { Bells = 0 }, actual with { Bells = 0 }, fixture + " (snapshot of the first half, then the rest)");
    }

    [Theory]
    [InlineData("bash-prompt", 30)]
    [InlineData("git-log", 10)]
    [InlineData("git-log", 40)]
    [InlineData("vim-alternate", 12)]
    [InlineData("less-alternate", 30)]
    public async Task Fixture_RowsResizedThenMoreOutput_SameScreen(string fixture, int rows)
    {
        // Rows only: a change of width is where xterm.js reflows and the emulator does not.
        var data = TestAssets.Fixture(fixture);
        var half = data.Length / 2;
        var id = await browser.CreateAsync(Cols, Rows, Scrollback, data.AsMemory(0, half));
        ScreenDump expected;
        try
        {
            await browser.ResizeAsync(id, Cols, rows);
            await browser.WriteAsync(id, data.AsMemory(half));
            expected = await browser.DumpAsync(id);
        }
        finally
        {
            await browser.ReleaseAsync(id);
        }

        var emulator = NewEmulator();
        var bells = 0;
        emulator.Bell += (_, _) => bells++;
        emulator.Feed(data.AsSpan(0, half));
        emulator.Resize(Cols, rows);
        emulator.Feed(data.AsSpan(half));

        DumpAssert.Equal(expected, EmulatorDump.From(emulator, bells), $"{fixture} resized to {rows} rows half-way");
    }

    private static TerminalEmulator NewEmulator() =>
        new(new TerminalOptions { Cols = Cols, Rows = Rows, ScrollbackLines = Scrollback });

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
