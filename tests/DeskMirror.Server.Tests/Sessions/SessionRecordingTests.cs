using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace DeskMirror.Server.Tests.Sessions;

public sealed class SessionRecordingTests
{
    [Fact]
    public async Task Recording_OfEndedSession_IsAsciicastV2ThatAsciinemaPlaysBack()
    {
        await using var harness = await SessionHarness.StartAsync(o => o.RecordingResolution = TimeSpan.FromMilliseconds(1));
        var id = (await harness.CreateAsync("printf 'héllo \\342\\226\\210 one\\n'; read x; printf 'two\\n'", cols: 90, rows: 20))["id"]!.GetValue<string>();
        await harness.WaitForOutputAsync(id, "one");
        Assert.Null(harness.Manager.Resize(id, 100, 25));
        (await harness.InputAsync(id, "go\r")).Dispose();
        await harness.WaitEndedAsync(id);

        using var response = await harness.Server.Mirror.GetAsync($"/session/{id}/recording.cast").DefaultTimeout("GET recording.cast");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-asciicast", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var header = JsonNode.Parse(lines[0])!.AsObject();
        Assert.Equal(2, header["version"]!.GetValue<int>());
        Assert.Equal(90, header["width"]!.GetValue<int>());
        Assert.Equal(20, header["height"]!.GetValue<int>());
        Assert.Equal("xterm-256color", header["env"]!["TERM"]!.GetValue<string>());
        Assert.True(header["timestamp"]!.GetValue<long>() > 1_600_000_000);

        var events = lines[1..].Select(l => JsonNode.Parse(l)!.AsArray()).ToList();
        var times = events.Select(e => e[0]!.GetValue<double>()).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Contains(events, e => e[1]!.GetValue<string>() == "r" && e[2]!.GetValue<string>() == "100x25");
        var output = string.Concat(events.Where(e => e[1]!.GetValue<string>() == "o").Select(e => e[2]!.GetValue<string>()));
        Assert.Equal(await harness.OutputAsync(id), output);
        Assert.True(times[^1] > times[0], "the reads after the input came later than the first ones");

        // asciinema itself reads it back: `cat` prints the output of every event (it wants a terminal: util-linux script gives it one).
        var path = Path.Combine(harness.Server.DataDirectory, "session.cast");
        await File.WriteAllTextAsync(path, text);
        using var asciinema = Process.Start(new ProcessStartInfo("script", ["-qec", $"asciinema cat '{path}'", "/dev/null"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        asciinema.StandardInput.Close();
        var printed = await asciinema.StandardOutput.ReadToEndAsync().DefaultTimeout("asciinema cat");
        var errors = await asciinema.StandardError.ReadToEndAsync().DefaultTimeout("asciinema stderr");
        await asciinema.WaitForExitAsync().DefaultTimeout("asciinema to exit");
        Assert.True(asciinema.ExitCode == 0, $"asciinema cat failed: {errors}");
        Assert.Contains("héllo █ one", printed, StringComparison.Ordinal);
        Assert.Contains("two", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeline_File_IsPrivateAndRemovedWithTheSession()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("echo hi"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);
        var timeline = Path.ChangeExtension(harness.Manager.LogPath(id), ".timeline");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(timeline));
        }

        using var removed = await harness.Server.Desktop.DeleteAsync($"/session/{id}").DefaultTimeout("DELETE session");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.False(File.Exists(timeline));
    }
}
