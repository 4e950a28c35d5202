using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>The server keeps each session's screen: viewers start from a snapshot, resume byte-exactly, and are flow-controlled by credit.</summary>
public sealed class SessionScreenStreamTests
{
    [Fact]
    public async Task Stream_NewViewerOfLongSession_GetsSnapshotThenLiveAndDrawsTheServersScreen()
    {
        // 3 MiB of numbered lines, far more than the ring: a replay would cost all of it.
        await using var harness = await SessionHarness.StartAsync(o => o.RingBytes = 64 * 1024);
        var id = (await harness.CreateAsync("seq 1 400000; printf '\\033]2;done-title\\007'; read x; echo after-$x", cols: 100, rows: 30))["id"]!.GetValue<string>();
        await harness.WaitForOutputAsync(id, "done-title");
        var session = harness.Manager.FindSession(id)!;
        var terminal = await session.Terminal!.DefaultTimeout("the screen");
        await terminal.WaitForOffsetAsync(session.Output.Length, CancellationToken.None).DefaultTimeout("the screen to catch up");

        using var socket = await harness.ConnectAsync(id, RequestMode.Mirror, raw: false);
        var viewer = new FramedStream(socket);
        await viewer.ReadUntilAsync(v => v.Controls.Count > 0 && v.SnapshotRemaining == 0, "the snapshot");

        var header = viewer.Controls[0];
        Assert.Equal("snapshot", header["type"]!.GetValue<string>());
        Assert.Equal(100, header["cols"]!.GetValue<int>());
        Assert.Equal(30, header["rows"]!.GetValue<int>());
        Assert.True(viewer.Received < 256 * 1024, $"the snapshot was {viewer.Received} bytes");
        Assert.Contains("400000", viewer.Text(), StringComparison.Ordinal);
        Assert.Equal("done-title", viewer.Screen.Title);

        (await harness.InputAsync(id, "yes\r")).Dispose();
        await viewer.ReadUntilAsync(v => v.Closed, "the session's end");
        Assert.Contains("after-yes", viewer.Text(), StringComparison.Ordinal);
        Assert.Equal(harness.Manager.FindSession(id)!.Output.Length, viewer.Offset);

        var screen = await ScreenAsync(harness, id, RequestMode.Mirror);
        Assert.Equal(viewer.Screen.GetScreenText().Lines, screen["lines"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Equal(viewer.Offset, screen["offset"]!.GetValue<long>());
    }

    [Fact]
    public async Task Stream_ReconnectWithinRing_ResumesByteExactly_OlderOffsetGetsSnapshot()
    {
        await using var harness = await SessionHarness.StartAsync(o => o.RingBytes = 64 * 1024);
        var id = (await harness.CreateAsync("seq 1 50000; read x"))["id"]!.GetValue<string>();
        var all = await harness.WaitForOutputAsync(id, "\r\n50000\r\n");
        var length = System.Text.Encoding.UTF8.GetByteCount(all);

        var recent = length - 1000;
        using (var socket = await harness.ConnectAsync(id, RequestMode.Desktop, from: recent, raw: false))
        {
            var viewer = new FramedStream(socket);
            var bytes = new List<byte>();
            await viewer.ReadUntilAsync(v => v.Offset == length, "the resumed output");
            var header = viewer.Controls[0];
            Assert.Equal("output", header["type"]!.GetValue<string>());
            Assert.Equal(recent, header["offset"]!.GetValue<long>());
            Assert.Equal(1000, viewer.Received);
        }

        using (var socket = await harness.ConnectAsync(id, RequestMode.Desktop, from: 10, raw: false))
        {
            var viewer = new FramedStream(socket);
            await viewer.ReadUntilAsync(v => v.Controls.Count > 0 && v.SnapshotRemaining == 0, "the snapshot");
            Assert.Equal("snapshot", viewer.Controls[0]["type"]!.GetValue<string>());
            Assert.Equal(length, viewer.Controls[0]["offset"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task Stream_CreditViewer_IsSentAtMostAWindowAheadAndGetsAFreshSnapshotWhenFarBehind()
    {
        const int Window = 16 * 1024;
        await using var harness = await SessionHarness.StartAsync(o =>
        {
            o.ViewerWindowBytes = Window;
            o.ViewerCatchUpBytes = 256 * 1024;
            o.FrameBytes = 4096;
        });
        var id = (await harness.CreateAsync("read x; seq 1 300000; read y; echo end-$y"))["id"]!.GetValue<string>();
        var session = harness.Manager.FindSession(id)!;
        var terminal = await session.Terminal!.DefaultTimeout("the screen");
        using var socket = await harness.ConnectAsync(id, RequestMode.Desktop, raw: false, credit: true);
        var viewer = new FramedStream(socket);
        await viewer.ReadUntilAsync(v => v.Controls.Count > 0 && v.SnapshotRemaining == 0, "the first snapshot");
        var snapshotBytes = viewer.Received;

        // The server's screen falls behind the output, as on a busy machine: its consumer is held after its first
        // chunk until the viewer has acknowledged.
        // Never disposed: the consumer may still be inside Wait when the test ends.
        var emulatorHeld = new ManualResetEventSlim(false);
        var firstChunkFed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Hold(long offset)
        {
            firstChunkFed.TrySetResult();
            emulatorHeld.Wait();
        }

        terminal.Fed += Hold;

        try
        {
            // Not acknowledging: the server stops a window after the snapshot, while the session goes on.
            var output = session.Output;
            (await harness.InputAsync(id, "go\r")).Dispose();
            await harness.WaitForOutputAsync(id, "\r\n300000\r\n");
            await firstChunkFed.Task.DefaultTimeout("the screen to take its first chunk");
            // Without acknowledgements the server sends at most one window after the snapshot; a viewer that is
            // already far behind when it looks may be sent nothing at all until its fresh snapshot.
            var sent = output.ViewerSentBytes.Single();
            Assert.True(sent - snapshotBytes <= Window, $"{sent - snapshotBytes} bytes sent beyond a {Window}-byte window while 2 MiB were waiting");
            await viewer.ReadUntilAsync(v => v.Received == sent, "what the server sent");
            Assert.True(terminal.Offset < output.Length, "the screen was held behind the output");

            // Acknowledging now: far behind (about 2 MiB), it is sent a fresh snapshot rather than the backlog, and
            // that snapshot is the screen after all the output there was when it fell behind, not the lagging one.
            var lengthAtAcknowledgement = output.Length;
            await viewer.AcknowledgeAsync(CancellationToken.None);
            emulatorHeld.Set();
            await viewer.ReadUntilAsync(v => v.Controls.Count(c => c["type"]!.GetValue<string>() == "snapshot") == 2 && v.SnapshotRemaining == 0, "a fresh snapshot", acknowledge: true);
            var fresh = viewer.Controls.Last(c => c["type"]!.GetValue<string>() == "snapshot");
            Assert.True(fresh["offset"]!.GetValue<long>() >= lengthAtAcknowledgement, $"the fresh snapshot stands for offset {fresh["offset"]} of {lengthAtAcknowledgement}");
            Assert.Contains("300000", viewer.Text(), StringComparison.Ordinal);
            Assert.True(viewer.Received < 1024 * 1024, $"{viewer.Received} bytes received for a 2 MiB backlog");
        }
        finally
        {
            terminal.Fed -= Hold;
            emulatorHeld.Set();
        }

        (await harness.InputAsync(id, "z\r")).Dispose();
        await viewer.ReadUntilAsync(v => v.Text().Contains("end-z", StringComparison.Ordinal), "the live output after the snapshot", acknowledge: true);
    }

    [Fact]
    public async Task Stream_ResizeFromDesktop_ArrivesInOrderAsAResizeFrame()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("read x; echo one; read y; echo two", cols: 80, rows: 24))["id"]!.GetValue<string>();
        using var socket = await harness.ConnectAsync(id, RequestMode.Mirror, raw: false);
        var viewer = new FramedStream(socket);
        await viewer.ReadUntilAsync(v => v.Controls.Count > 0 && v.SnapshotRemaining == 0, "the snapshot");

        (await harness.InputAsync(id, "a\r")).Dispose();
        await viewer.ReadUntilAsync(v => v.Text().Contains("one", StringComparison.Ordinal), "the first line");
        Assert.Null(harness.Manager.Resize(id, 120, 40));
        (await harness.InputAsync(id, "b\r")).Dispose();
        await viewer.ReadUntilAsync(v => v.Closed, "the end");

        var resize = Assert.Single(viewer.Controls, c => c["type"]!.GetValue<string>() == "resize");
        Assert.Equal(120, resize["cols"]!.GetValue<int>());
        Assert.Equal(40, resize["rows"]!.GetValue<int>());
        Assert.Equal(120, viewer.Screen.Cols);
        Assert.Contains("two", viewer.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screen_ShapeScrollbackAndBadInput()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("printf '\\033]2;my title\\007'; seq 1 100; printf 'prompt> '; read x", cols: 60, rows: 10))["id"]!.GetValue<string>();
        await harness.WaitForOutputAsync(id, "prompt> ");

        var screen = await ScreenAsync(harness, id, RequestMode.Mirror);
        Assert.Equal(60, screen["cols"]!.GetValue<int>());
        Assert.Equal(10, screen["rows"]!.GetValue<int>());
        Assert.Equal("my title", screen["title"]!.GetValue<string>());
        Assert.False(screen["alternate"]!.GetValue<bool>());
        var lines = screen["lines"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(10, lines.Count);
        Assert.Equal("prompt>", lines[^1]);
        Assert.Equal(9, screen["cursor"]!["y"]!.GetValue<int>());
        Assert.Equal(8, screen["cursor"]!["x"]!.GetValue<int>());

        var withScrollback = await ScreenAsync(harness, id, RequestMode.Desktop, "?scrollback=5");
        var all = withScrollback["lines"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(15, all.Count);
        Assert.Equal(["87", "88", "89", "90", "91"], all[..5]);

        foreach (var bad in new[] { "-1", "x", "1.5", "100000" })
        {
            using var response = await harness.Server.Mirror.GetAsync($"/session/{id}/screen?scrollback={bad}").DefaultTimeout("bad scrollback");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Screen_TerminalOnMirror_IsNotFound_OnDesktopIsThere()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync(null, kind: "terminal"))["id"]!.GetValue<string>();
        foreach (var route in new[] { "screen", "recording.cast" })
        {
            using var onMirror = await harness.Server.Mirror.GetAsync($"/session/{id}/{route}").DefaultTimeout("mirror " + route);
            await ProblemAssert.IsProblemAsync(onMirror, HttpStatusCode.NotFound);
        }

        using var onDesktop = await harness.Server.Desktop.GetAsync($"/session/{id}/screen").DefaultTimeout("desktop screen");
        Assert.Equal(HttpStatusCode.OK, onDesktop.StatusCode);
    }

    [Fact]
    public async Task Screen_AfterRestart_IsRebuiltFromTheLog()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("printf '\\033[2J\\033[Hfirst\\033[5;3Hsecond'", cols: 40, rows: 8))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);
        var before = await ScreenAsync(harness, id, RequestMode.Desktop);

        await harness.Server.RestartAsync();

        var after = await ScreenAsync(harness, id, RequestMode.Mirror);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal("  second", after["lines"]![4]!.GetValue<string>());
    }

    private static async Task<JsonObject> ScreenAsync(SessionHarness harness, string id, RequestMode mode, string query = "")
    {
        using var response = await harness.Client(mode).GetAsync($"/session/{id}/screen{query}").DefaultTimeout("GET screen");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>().DefaultTimeout("screen body"))!;
    }
}
