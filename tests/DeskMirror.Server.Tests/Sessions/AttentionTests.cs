using System.Net;
using DeskMirror.Server.Events;
using DeskMirror.Server.Modes;
using DeskMirror.Server.Tests.Infrastructure;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>Attention from real programs under a real PTY.</summary>
public sealed class AttentionTests
{
    [Fact]
    public async Task Input_ShellRead_RaisesInputWithThePrompt_InputClearsIt()
    {
        await using var harness = await AttentionHarness.StartAsync();
        var id = (await harness.Sessions.CreateAsync("printf 'Proceed? [y/N] '; read answer; echo got-$answer; sleep 30"))["id"]!.GetValue<string>();

        var raised = await harness.WaitForAsync<SessionAttentionEvent>(id, e => e.Reason == SessionAttentionReason.Input, "input attention");
        Assert.Equal("Proceed? [y/N]", raised.Message);
        var session = await harness.Sessions.GetAsync(id, RequestMode.Mirror);
        Assert.Equal("input", session["attention"]!["reason"]!.GetValue<string>());
        Assert.Equal("Proceed? [y/N]", session["attention"]!["message"]!.GetValue<string>());

        (await harness.Sessions.InputAsync(id, "y\r")).Dispose();
        await harness.WaitForAsync<SessionUpdatedEvent>(id, e => e.Session.Attention is null && e.Session.Status == DeskMirror.Server.Sessions.SessionStatus.Running, "attention to clear");
        Assert.Null((await harness.Sessions.GetAsync(id))["attention"]);
    }

    [Fact]
    public async Task Input_SleepAndPipeReader_NeverRaiseInput()
    {
        await using var harness = await AttentionHarness.StartAsync();
        var sleeping = (await harness.Sessions.CreateAsync("echo ready; sleep 30"))["id"]!.GetValue<string>();
        var piped = (await harness.Sessions.CreateAsync("echo ready; sleep 30 | cat"))["id"]!.GetValue<string>();
        await harness.Sessions.WaitForOutputAsync(sleeping, "ready");
        await harness.Sessions.WaitForOutputAsync(piped, "ready");

        // 200 ms of input wait at 40 ms a pass: 15 passes are three times what input would need.
        await harness.PassesAsync(15);

        Assert.Empty(harness.Attentions(sleeping));
        Assert.Empty(harness.Attentions(piped));
    }

    [Fact]
    public async Task Idle_LoopPrinting_NeverIdleWhilePrinting()
    {
        // Idle after 1 s of silence, watched for 2 s (50 passes of 40 ms): a loop printing every 20 ms that stopped would
        // be idle well within that, while a loaded machine stalling the loop for a few hundred ms is not silence.
        await using var harness = await AttentionHarness.StartAsync(o => o.IdleAfter = TimeSpan.FromSeconds(1));
        var id = (await harness.Sessions.CreateAsync("while :; do echo tick; sleep 0.02; done"))["id"]!.GetValue<string>();
        await harness.Sessions.WaitForOutputAsync(id, "tick");

        await harness.PassesAsync(50);

        Assert.Empty(harness.Attentions(id));
    }

    [Fact]
    public async Task Idle_RawModeProgramStopsPrinting_IdleAfterTheSettingWithItsPrompt_NewOutputClearsIt()
    {
        await using var harness = await AttentionHarness.StartAsync(o => o.IdleAfter = TimeSpan.FromMilliseconds(300));
        var trigger = Path.Combine(harness.Sessions.ProjectDirectory, "go");
        var id = (await harness.Sessions.CreateAsync(
            "stty raw -echo; printf '\\033[?1049h\\033[H  menu> pick one'; while [ ! -e go ]; do sleep 0.05; done; printf ' more'; sleep 30"))["id"]!.GetValue<string>();

        var idle = await harness.WaitForAsync<SessionAttentionEvent>(id, e => e.Reason == SessionAttentionReason.Idle, "idle attention");
        Assert.Equal("menu> pick one", idle.Message);
        Assert.Single(harness.Attentions(id));

        await File.WriteAllTextAsync(trigger, "");
        await harness.WaitForAsync<SessionUpdatedEvent>(id, e => e.Session.Attention is null, "new output to clear it");
        var again = await harness.WaitForAsync<SessionAttentionEvent>(id, e => e.Since > idle.Since, "idle again after the new output");
        Assert.Equal("menu> pick one more", again.Message);
    }

    [Fact]
    public async Task Notification_Osc9Osc777Osc99SplitAcrossWrites_ExactText()
    {
        await using var harness = await AttentionHarness.StartAsync(o => o.InputAfter = TimeSpan.Zero);
        var id = (await harness.Sessions.CreateAsync(
            "printf '\\033]9;Build '; sleep 0.1; printf 'done\\007'; sleep 0.1; " +
            "printf '\\033]777;notify;Agent;Needs '; sleep 0.1; printf 'your review; now\\033\\\\'; sleep 0.1; " +
            "printf '\\033]99;i=7:d=0;Hello '; sleep 0.1; printf '\\033]99;i=7;wor'; sleep 0.1; printf 'ld\\033\\\\'; sleep 30"))["id"]!.GetValue<string>();

        await harness.WaitForAsync<SessionAttentionEvent>(id, e => e.Message == "Hello world", "the kitty notification");
        Assert.Equal(
            ["Build done", "Agent: Needs your review; now", "Hello world"],
            harness.Attentions(id).Select(e => e.Message));
        Assert.All(harness.Attentions(id), e => Assert.Equal(SessionAttentionReason.Notification, e.Reason));
    }

    [Fact]
    public async Task Bell_InALoop_RaisesOneAttention()
    {
        await using var harness = await AttentionHarness.StartAsync(o => o.InputAfter = TimeSpan.Zero);
        var id = (await harness.Sessions.CreateAsync("i=0; while [ $i -lt 300 ]; do printf '\\a'; sleep 0.001; i=$((i+1)); done; echo rung; sleep 30"))["id"]!.GetValue<string>();
        await harness.Sessions.WaitForOutputAsync(id, "rung");
        var session = harness.Sessions.Manager.FindSession(id)!;
        var terminal = await session.Terminal!.DefaultTimeout("the screen");
        await terminal.WaitForOffsetAsync(session.Output.Length, CancellationToken.None).DefaultTimeout("the screen to catch up");

        var bell = Assert.Single(harness.Attentions(id));
        Assert.Equal(SessionAttentionReason.Bell, bell.Reason);
        Assert.Null(bell.Message);
    }

    [Fact]
    public async Task Exited_SessionEnds_RaisesExitedWithHowItEnded()
    {
        await using var harness = await AttentionHarness.StartAsync();
        var id = (await harness.Sessions.CreateAsync("exit 3"))["id"]!.GetValue<string>();

        var exited = await harness.WaitForAsync<SessionAttentionEvent>(id, e => e.Reason == SessionAttentionReason.Exited, "exited attention");
        Assert.Equal("Exited with code 3.", exited.Message);

        var killed = (await harness.Sessions.CreateAsync("kill -9 $$"))["id"]!.GetValue<string>();
        var died = await harness.WaitForAsync<SessionAttentionEvent>(killed, e => e.Reason == SessionAttentionReason.Exited, "exited by signal");
        Assert.Equal("Killed by signal 9 (SIGKILL).", died.Message);
    }

    [Fact]
    public async Task Mirror_SseAttentionArrives_MirrorInputClears_TerminalsStayInvisible()
    {
        await using var harness = await AttentionHarness.StartAsync();
        await using var mirror = await harness.Sessions.Server.OpenEventsAsync(RequestMode.Mirror);
        await using var desktop = await harness.Sessions.Server.OpenEventsAsync(RequestMode.Desktop);
        await mirror.ReadUntilAsync("server.connected");
        await desktop.ReadUntilAsync("server.connected");

        // A terminal's shell waits at its prompt: the desktop is told, the mirror never.
        var terminal = (await harness.Sessions.CreateAsync(null, kind: "terminal"))["id"]!.GetValue<string>();
        var onDesktop = await desktop.ReadUntilAsync("session.attention");
        Assert.Equal(terminal, onDesktop.Properties["id"]!.GetValue<string>());
        using (var seen = await harness.Sessions.Server.Mirror.PostAsync($"/session/{terminal}/seen", null).DefaultTimeout("mirror seen on a terminal"))
        {
            await ProblemAssert.IsProblemAsync(seen, HttpStatusCode.NotFound);
        }

        var task = (await harness.Sessions.CreateAsync("printf 'Continue? '; read x; sleep 30", mirrorInput: true))["id"]!.GetValue<string>();
        var onMirror = await mirror.ReadUntilAsync("session.attention");
        Assert.Equal(task, onMirror.Properties["id"]!.GetValue<string>());
        Assert.Equal("input", onMirror.Properties["reason"]!.GetValue<string>());
        Assert.Equal("Continue?", onMirror.Properties["message"]!.GetValue<string>());
        Assert.NotNull(onMirror.Properties["since"]);

        (await harness.Sessions.InputAsync(task, "go\r", RequestMode.Mirror)).Dispose();
        while (true)
        {
            var updated = await mirror.ReadUntilAsync("session.updated");
            if (updated.Properties["id"]!.GetValue<string>() == task && updated.Properties["attention"] is null)
            {
                break;
            }
        }

        // And the mirror may mark what it sees as seen.
        var ended = (await harness.Sessions.CreateAsync("exit 0"))["id"]!.GetValue<string>();
        await harness.WaitForAsync<SessionAttentionEvent>(ended, e => e.Reason == SessionAttentionReason.Exited, "exited");
        using (var seen = await harness.Sessions.Server.Mirror.PostAsync($"/session/{ended}/seen", null).DefaultTimeout("mirror seen"))
        {
            Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        }

        Assert.Null((await harness.Sessions.GetAsync(ended, RequestMode.Mirror))["attention"]);
    }
}
