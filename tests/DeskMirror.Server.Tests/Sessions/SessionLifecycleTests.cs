using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

public sealed partial class SessionLifecycleTests
{
    [Fact]
    public async Task Create_Printf_OutputArrivesAndSessionExits()
    {
        await using var harness = await SessionHarness.StartAsync();
        var created = await harness.CreateAsync("printf 'hello %s\\n' world");
        Assert.Equal("running", created["status"]!.GetValue<string>());
        Assert.Equal("task", created["kind"]!.GetValue<string>());
        Assert.Equal("printf 'hello %s\\n' world", created["title"]!.GetValue<string>());

        var id = created["id"]!.GetValue<string>();
        var ended = await harness.WaitEndedAsync(id);
        Assert.Equal("exited", ended["status"]!.GetValue<string>());
        Assert.Equal(0, ended["exitCode"]!.GetValue<int>());
        Assert.Equal("hello world\r\n", await harness.OutputAsync(id));
        Assert.Equal("world\r\n", await harness.OutputAsync(id, from: 6));
    }

    [Fact]
    public async Task Create_ProjectFolderAndTerm_AreTheChildsEnvironment()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("echo \"$(pwd) $TERM\"; tty"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);
        var lines = (await harness.OutputAsync(id)).Split("\r\n");
        Assert.Equal($"{harness.ProjectDirectory} xterm-256color", lines[0]);
        Assert.Matches(@"^/dev/pts/\d+$", lines[1]);
    }

    [Theory]
    [InlineData("exit 3", "exited", 3, null)]
    [InlineData("kill -KILL $$", "failed", 137, "signal 9")]
    [InlineData("kill -TERM $$", "failed", 143, "signal 15")]
    [InlineData("no-such-command-deskmirror --flag", "failed", 127, "Command not found")]
    public async Task Create_Ending_StatusExitCodeAndReasonRecorded(string command, string status, int exitCode, string? reason)
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync(command))["id"]!.GetValue<string>();
        var ended = await harness.WaitEndedAsync(id);
        Assert.Equal(status, ended["status"]!.GetValue<string>());
        Assert.Equal(exitCode, ended["exitCode"]!.GetValue<int>());
        if (reason is null)
        {
            Assert.Null(ended["reason"]);
        }
        else
        {
            Assert.Contains(reason, ended["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.NotNull(ended["endedAt"]);
    }

    [Fact]
    public async Task Create_MissingCommand_OutputSaysNotFound()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("no-such-command-deskmirror"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);
        Assert.Contains("not found", await harness.OutputAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_LineToReadingProgram_ProgramGetsIt()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("printf 'name? '; read name; echo \"got:$name\""))["id"]!.GetValue<string>();
        await harness.WaitForOutputAsync(id, "name? ");
        using (var response = await harness.InputAsync(id, "ada\r"))
        {
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{await response.Content.ReadAsStringAsync()} / {(await harness.GetAsync(id)).ToJsonString()} / output: {await harness.OutputAsync(id)}");
        }

        await harness.WaitEndedAsync(id);
        Assert.Contains("got:ada\r\n", await harness.OutputAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_RawOctetStream_ReachesProgram()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("read line; echo \"raw:$line\""))["id"]!.GetValue<string>();
        using var content = new ByteArrayContent("bytes\r"u8.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using (var response = await harness.Server.Desktop.PostAsync($"/session/{id}/input", content).DefaultTimeout("POST raw input"))
        {
            Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{await response.Content.ReadAsStringAsync()} / {(await harness.GetAsync(id)).ToJsonString()}");
        }

        await harness.WaitEndedAsync(id);
        Assert.Contains("raw:bytes", await harness.OutputAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resize_Then_SttySizeFollows()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("stty size; read line; stty size", cols: 100, rows: 30))["id"]!.GetValue<string>();
        await harness.WaitForOutputAsync(id, "30 100\r\n");
        using (var response = await harness.Server.Desktop.PostAsync($"/session/{id}/resize", Json.Body("""{"cols":132,"rows":43}""")).DefaultTimeout("resize"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        (await harness.InputAsync(id, "\r")).Dispose();
        await harness.WaitEndedAsync(id);
        Assert.EndsWith("43 132\r\n", await harness.OutputAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_ShellWithTwoSleeps_WholeTreeEndsAndNoZombie()
    {
        await using var harness = await SessionHarness.StartAsync();
        var id = (await harness.CreateAsync("sleep 1000 & echo \"bg:$! sh:$$\"; sleep 1000"))["id"]!.GetValue<string>();
        var text = await harness.WaitForOutputAsync(id, "\r\n");
        var match = Pids().Match(text);
        var background = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var shell = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);

        using (var response = await harness.Server.Mirror.PostAsync($"/session/{id}/stop", null).DefaultTimeout("POST stop"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var ended = await harness.WaitEndedAsync(id);
        Assert.Equal("stopped", ended["status"]!.GetValue<string>());
        Assert.Equal(129, ended["exitCode"]!.GetValue<int>()); // SIGHUP
        Assert.Null(ProcessTable.State(shell));
        await Poll.UntilAsync(() => !ProcessTable.IsAlive(background), $"background sleep {background} to end");
    }

    [Fact]
    public async Task Terminal_RunsLoginShellInProjectFolder()
    {
        await using var harness = await SessionHarness.StartAsync();
        var created = await harness.CreateAsync(command: null, kind: "terminal");
        Assert.Equal("terminal", created["kind"]!.GetValue<string>());
        Assert.Equal("Terminal", created["title"]!.GetValue<string>());
        Assert.Null(created["command"]);
        var id = created["id"]!.GetValue<string>();

        (await harness.InputAsync(id, "echo \"in:$(pwd)\"; exit 7\r")).Dispose();
        var ended = await harness.WaitEndedAsync(id);
        Assert.Equal(7, ended["exitCode"]!.GetValue<int>());
        Assert.Contains($"in:{harness.ProjectDirectory}\r\n", await harness.OutputAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_EndedSession_LogAndRowGone()
    {
        await using var harness = await SessionHarness.StartAsync();
        var running = (await harness.CreateAsync("sleep 1000"))["id"]!.GetValue<string>();
        using (var response = await harness.Server.Desktop.DeleteAsync($"/session/{running}").DefaultTimeout("DELETE running"))
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        }

        var id = (await harness.CreateAsync("echo bye"))["id"]!.GetValue<string>();
        await harness.WaitEndedAsync(id);
        var log = harness.Manager.LogPath(id);
        Assert.True(File.Exists(log));
        using (var response = await harness.Server.Desktop.DeleteAsync($"/session/{id}").DefaultTimeout("DELETE ended"))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.False(File.Exists(log));
        using (var response = await harness.Server.Desktop.GetAsync($"/session/{id}").DefaultTimeout("GET removed"))
        {
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task TwentyConcurrentSessions_AllCompleteWithTheirOwnOutput()
    {
        await using var harness = await SessionHarness.StartAsync();
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(async n =>
            (n, (await harness.CreateAsync($"seq 1 2000 | sed 's/^/s{n}-/'; exit {n}"))["id"]!.GetValue<string>())));
        Assert.Equal(20, harness.Manager.List().Count);
        foreach (var (n, id) in ids)
        {
            var ended = await harness.WaitEndedAsync(id);
            Assert.Equal(n, ended["exitCode"]!.GetValue<int>());
            var expected = string.Concat(Enumerable.Range(1, 2000).Select(i => $"s{n}-{i}\r\n"));
            Assert.Equal(expected, await harness.OutputAsync(id));
        }
    }

    [Fact]
    public async Task Events_CreatedUpdatedRemoved_Published()
    {
        await using var harness = await SessionHarness.StartAsync();
        await using var events = await harness.Server.OpenEventsAsync(RequestMode.Mirror);
        var id = (await harness.CreateAsync("exit 5"))["id"]!.GetValue<string>();

        var created = await events.ReadUntilAsync("session.created");
        Assert.Equal(id, created.Properties["id"]!.GetValue<string>());
        var updated = await events.ReadUntilAsync("session.updated");
        Assert.Equal("exited", updated.Properties["status"]!.GetValue<string>());
        Assert.Equal(5, updated.Properties["exitCode"]!.GetValue<int>());

        (await harness.Server.Desktop.DeleteAsync($"/session/{id}").DefaultTimeout("DELETE")).Dispose();
        var removed = await events.ReadUntilAsync("session.removed");
        Assert.Equal(id, removed.Properties["id"]!.GetValue<string>());
    }

    [GeneratedRegex(@"bg:(\d+) sh:(\d+)")]
    private static partial Regex Pids();
}
