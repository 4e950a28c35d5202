using DeskMirror.EndToEnd.Tests.Infrastructure;

namespace DeskMirror.EndToEnd.Tests;

/// <summary>Opening a session costs the same whatever it printed, and what a slow phone shows converges to the session's screen.</summary>
[Collection(BrowserGroup.Name)]
public sealed class SessionScreenTests(BrowserFixture fixture)
{
    // The terminal's visible rows as xterm.js holds them (translateToString, trailing spaces trimmed).
    private const string VisibleRows = """
        () => {
          const term = document.querySelector('[data-testid=terminal] .terminal-host').__deskmirrorTerminal;
          const buffer = term.buffer.active;
          const rows = [];
          for (let y = 0; y < term.rows; y++) rows.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
          return rows;
        }
        """;

    // Whether the terminal's screen (the rows below its scrollback) shows the text.
    private const string ScreenShows = """
        text => {
          const term = document.querySelector('[data-testid=terminal] .terminal-host')?.__deskmirrorTerminal;
          if (!term) return false;
          const buffer = term.buffer.active;
          for (let y = 0; y < term.rows; y++) if (buffer.getLine(buffer.baseY + y)?.translateToString(true).includes(text)) return true;
          return false;
        }
        """;

    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Phone_OpensA200MBSession_ShowsTheCurrentScreenAfterLessThan1MB()
    {
        var project = fixture.Projects["alpha"];
        var id = await fixture.Host.CreateSessionAsync(project, "yes 'a long build log line: compiling module 0123456789 abcdefghij' | head -c 200M; printf 'FINAL-MARKER\\n'; read x", "200 MB", mirrorInput: false);
        await Poll.UntilAsync(async () => (await fixture.Host.ReadScreenAsync(id)).Any(l => l.Contains("FINAL-MARKER", StringComparison.Ordinal)), "the 200 MB session to finish printing", Long);
        var expected = await fixture.Host.ReadScreenAsync(id);

        await using var pages = new PageScope();
        var phone = await pages.NewAsync(fixture.Phone);
        long received = 0;
        phone.WebSocket += (_, socket) =>
        {
            if (socket.Url.Contains("/stream", StringComparison.Ordinal))
            {
                socket.FrameReceived += (_, frame) => Interlocked.Add(ref received, frame.Binary?.Length ?? System.Text.Encoding.UTF8.GetByteCount(frame.Text ?? ""));
            }
        };
        await phone.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{id}").ToString());
        await phone.WaitForFunctionAsync(ScreenShows, "FINAL-MARKER", new() { Timeout = 60_000, PollingInterval = 100 });

        Assert.True(Interlocked.Read(ref received) < 1024 * 1024, $"the phone received {received} bytes to show a 200 MB session");
        Assert.Equal(expected, await phone.EvaluateAsync<string[]>(VisibleRows));
        await fixture.ScreenshotAsync(phone, "phone-200mb-session");
        await fixture.Host.TypeAsync(id, "\r");
    }

    [Fact]
    public async Task Phone_CpuSlowed6xWithAFullSpeedProducer_ConvergesWithoutDiscardedDataAndBoundedServerMemory()
    {
        var project = fixture.Projects["bravo"];
        var id = await fixture.Host.CreateSessionAsync(project, "read go; yes \"$(printf 'fast producer line with some colour \\033[1;31mred\\033[0m and text 0123456789')\" | head -c 150M; printf 'CONVERGED\\n'; read x", "fast", mirrorInput: false);
        await using var pages = new PageScope();
        var phone = await pages.NewAsync(fixture.Phone);
        var problems = new List<string>();
        phone.Console += (_, message) =>
        {
            if (message.Text.Contains("discarded", StringComparison.OrdinalIgnoreCase))
            {
                lock (problems)
                {
                    problems.Add(message.Text);
                }
            }
        };
        phone.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add(error);
            }
        };
        await phone.GotoAsync(new Uri(fixture.Host.MirrorBase, $"s/{id}").ToString());
        await BrowserFixture.WaitInteractiveAsync(phone);
        await phone.WaitForFunctionAsync("() => document.querySelector('[data-testid=terminal]')?.dataset.stream === 'live'", null, new() { Timeout = 20_000 });
        var cdp = await phone.Context.NewCDPSessionAsync(phone);
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 6 });

        var rssBefore = fixture.Host.ResidentBytes();
        var peak = rssBefore;
        await fixture.Host.TypeAsync(id, "go\r");
        await Poll.UntilAsync(
            async () =>
            {
                peak = Math.Max(peak, fixture.Host.ResidentBytes());
                return (await fixture.Host.ReadScreenAsync(id)).Any(l => l.Contains("CONVERGED", StringComparison.Ordinal));
            },
            "the producer to finish",
            Long);

        await phone.WaitForFunctionAsync(ScreenShows, "CONVERGED", new() { Timeout = (float)Long.TotalMilliseconds, PollingInterval = 250 });
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = 1 });

        Assert.Equal(await fixture.Host.ReadScreenAsync(id), await phone.EvaluateAsync<string[]>(VisibleRows));
        Assert.Empty(problems);
        Assert.True(peak - rssBefore < 96L * 1024 * 1024, $"the server grew by {(peak - rssBefore) / 1048576} MiB while a slow viewer followed 150 MB");
        await fixture.Host.TypeAsync(id, "\r");
    }
}
