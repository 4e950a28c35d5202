using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeskMirror.Server.Modes;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>
/// What a viewer draws through the framed stream is the session's screen: a viewer that joins late (snapshot, then
/// output) ends with the same screen, attributes and modes as the server's emulator and as a viewer that saw every byte.
/// </summary>
public sealed class SessionStreamFidelityTests
{
    // Part one draws with colours (16, 256 and true colour), styles, wide and combining characters, cursor moves and
    // a scroll region that it scrolls; part two, after the late viewer joined, goes on inside that region (so the
    // snapshot must have carried it), inserts and deletes lines and characters, wraps a wide character at the
    // margin, saves and restores the cursor and paints a status line with an erase in a background colour.
    private const string Program =
        "stty -echo; "
        + @"printf '\033]2;part-one\007\033[2J\033[H'; "
        + @"printf '\033[1;31mbold red\033[0m \033[38;5;208mcolour 208\033[0m \033[48;2;10;20;200mtrue colour\033[0m\r\n'; "
        + @"printf '\033[3mitalic\033[23m \033[4munder\033[24m \033[7minverse\033[27m 日本語 🙂 e\314\201!\r\n'; "
        + @"printf '\033[4;9r\033[4;1H'; "
        + @"for i in 1 2 3 4 5 6 7 8 9; do printf '\033[3%dmregion line %d\033[0m\r\n' $((i % 7 + 1)) $i; done; "
        + @"printf '\033[12;70H\033[42mwide\033[0m漢字\033[2;40H\033[1A\033[5C*'; "
        + "read x; "
        + @"printf '\033[9;1H\r\n\r\n\033[35mscrolled\033[0m\033[5;1H\033[2L\033[1Minserted\033[1;3H\033[P\033[3@'; "
        + @"printf '\033[1;78H漢字\033[s\033[20;1H\033[44;97mstatus bar\033[K\033[0m\033[u\033[1;33m+'; "
        + @"printf '\033]2;part-two\007'; "
        + "read y";

    [Fact]
    public async Task Stream_LateViewerOfADrawnScreen_EndsWithTheServersScreenAndWhatAFullViewerDrew()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync(Program, cols: 80, rows: 24))["id"]!.GetValue<string>();
        var session = harness.Manager.FindSession(id)!;
        var terminal = await session.Terminal!.DefaultTimeout("the screen");

        // The desktop viewer sees every byte from the first (within the ring, so no snapshot).
        using var fullSocket = await harness.ConnectAsync(id, RequestMode.Desktop, from: 0, raw: false, credit: true);
        var full = new FramedStream(fullSocket);

        await harness.WaitForOutputAsync(id, "part-one");
        await terminal.WaitForOffsetAsync(session.Output.Length, CancellationToken.None).DefaultTimeout("the screen to take in part one");

        using var lateSocket = await harness.ConnectAsync(id, RequestMode.Mirror, raw: false, credit: true);
        var late = new FramedStream(lateSocket);
        await late.ReadUntilAsync(v => v.Controls.Count > 0 && v.SnapshotRemaining == 0, "the late viewer's snapshot", acknowledge: true);
        var snapshot = late.Controls[0];
        Assert.Equal("snapshot", snapshot["type"]!.GetValue<string>());
        Assert.True(snapshot["offset"]!.GetValue<long>() > 0, "the snapshot stands for part one");
        Assert.Contains("region line 9", late.Text(), StringComparison.Ordinal);

        (await harness.InputAsync(id, "go\r")).Dispose();
        await harness.WaitForOutputAsync(id, "part-two");
        var length = session.Output.Length;
        await terminal.WaitForOffsetAsync(length, CancellationToken.None).DefaultTimeout("the screen to take in part two");
        await late.ReadUntilAsync(v => v.Offset == length, "the late viewer to reach the end", acknowledge: true);
        await full.ReadUntilAsync(v => v.Offset == length, "the full viewer to reach the end", acknowledge: true);

        Assert.Equal("output", full.Controls[0]["type"]!.GetValue<string>());
        Assert.Equal(0, full.Controls[0]["offset"]!.GetValue<long>());
        Assert.True(late.Offset > snapshot["offset"]!.GetValue<long>(), "the late viewer drew output after its snapshot");
        Assert.Equal("part-two", late.Screen.Title);
        Assert.Contains("status bar", late.Text(), StringComparison.Ordinal);

        // Text, cursor and title: the server's /screen, the late viewer and the full viewer agree.
        var screen = await ScreenAsync(harness, id);
        var lateText = late.Screen.GetScreenText();
        var fullText = full.Screen.GetScreenText();
        Assert.Equal(length, screen["offset"]!.GetValue<long>());
        Assert.Equal(screen["lines"]!.AsArray().Select(l => l!.GetValue<string>()), lateText.Lines);
        Assert.Equal(fullText.Lines, lateText.Lines);
        Assert.Equal((screen["cursor"]!["x"]!.GetValue<int>(), screen["cursor"]!["y"]!.GetValue<int>()), (lateText.CursorX, lateText.CursorY));
        Assert.Equal((fullText.CursorX, fullText.CursorY), (lateText.CursorX, lateText.CursorY));
        Assert.Equal(screen["title"]!.GetValue<string>(), lateText.Title);

        // Everything else (colours, styles, the scroll region, saved cursor, modes): the escape sequences that
        // rebuild each emulator's state are the same bytes.
        var serverState = terminal.CreateSnapshot(1000);
        Assert.Equal(length, serverState.Offset);
        var drawn = Readable(serverState.Data);
        Assert.Contains("␛[4;9r", drawn, StringComparison.Ordinal);
        Assert.Contains("38;5;208", drawn, StringComparison.Ordinal);
        Assert.Contains("48;2;10;20;200", drawn, StringComparison.Ordinal);
        Assert.Contains("97;44", drawn, StringComparison.Ordinal);
        Assert.Contains("日本語 🙂 e\u0301!", lateText.Lines[1], StringComparison.Ordinal);
        Assert.Contains("inserted", lateText.Lines[4], StringComparison.Ordinal);
        Assert.Equal(Readable(serverState.Data), Readable(late.Screen.CreateSnapshot(1000)));
        Assert.Equal(Readable(full.Screen.CreateSnapshot(1000)), Readable(late.Screen.CreateSnapshot(1000)));
    }

    private static string Readable(byte[] sequences) => System.Text.Encoding.UTF8.GetString(sequences).Replace("\u001b", "␛", StringComparison.Ordinal);

    private static async Task<JsonObject> ScreenAsync(SessionHarness harness, string id)
    {
        using var response = await harness.Server.Mirror.GetAsync($"/session/{id}/screen").DefaultTimeout("GET screen");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>().DefaultTimeout("screen body"))!;
    }
}
