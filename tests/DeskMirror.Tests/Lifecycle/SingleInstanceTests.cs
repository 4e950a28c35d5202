using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeskMirror.Internal;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Lifecycle;

/// <summary>One desktop per data folder: a second start hands over to a healthy one and replaces only a hung one.</summary>
public sealed class SingleInstanceTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public async Task SecondStart_FirstHealthy_PrintsALaunchUrlExits0AndLeavesTheFirstAndItsSessionRunning()
    {
        using var first = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused());
        var sessionPids = await StartSessionAsync(first, "sleep 300");

        using var second = DesktopInstance.Launch(_home.Path, first.Port);

        Assert.Equal(0, await second.Process.WaitForExitAsync("the second start"));
        Assert.Contains($"DeskMirror is already running (pid {first.Process.Id})", second.Process.Output, StringComparison.Ordinal);
        var launch = new Uri(second.Process.Output.Split('\n').Single(l => l.StartsWith("Desktop:", StringComparison.Ordinal))["Desktop:".Length..].Trim());
        Assert.Equal(first.State.DesktopPort, launch.Port);
        Assert.StartsWith("?token=", launch.Query, StringComparison.Ordinal);
        Assert.False(first.Process.HasExited);
        Assert.All(sessionPids, pid => Assert.True(ProcessTable.IsAlive(pid), $"session process {pid} of the first desktop ended"));
        Assert.Equal(first.Process.Id, first.State.Pid);

        // The link is a working one-time launch link of the first desktop.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var signedIn = await browser.GetAsync(launch).DefaultTimeout("open the launch link");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(signedIn.Headers.Contains("Set-Cookie"), "the launch link did not sign in");
    }

    [Fact]
    public async Task SecondStart_FirstStoppedWithSigstop_EndsItAndEverySessionProcessAndServes()
    {
        var port = TestPorts.PickUnused();
        using var first = await DesktopInstance.StartAsync(_home.Path, port);
        // The job ignores SIGHUP, so only SIGKILL ends it; the shell leads the session's process group.
        var sessionPids = await StartSessionAsync(first, "trap '' HUP; sleep 300");
        var sessionLeaders = sessionPids.Where(pid => ProcStat.Read(pid) is { } p && p.Session == pid).ToList();
        Assert.NotEmpty(sessionLeaders);
        first.Process.Signal(LibC.SigStop);

        using var second = await DesktopInstance.StartAsync(_home.Path, port);

        Assert.Contains($"DeskMirror (pid {first.Process.Id}) does not answer", second.Process.Output, StringComparison.Ordinal);
        Assert.Contains($"ended the earlier DeskMirror (pid {first.Process.Id}) that did not answer, and its 1 session", second.Process.Output, StringComparison.Ordinal);
        await first.Process.WaitForExitAsync("the stopped desktop to end");
        Assert.All(sessionPids, pid => Assert.False(ProcessTable.IsAlive(pid), $"session process {pid} of the stopped desktop outlived it"));
        Assert.Empty(ProcessTable.InSessions(sessionLeaders));
        Assert.Equal(second.Process.Id, second.State.Pid);
        Assert.Contains($"Mirror:    serving on 0.0.0.0:{port}", second.Process.Output, StringComparison.Ordinal);
        using var lan = DesktopInstance.Client(port);
        Assert.Equal(HttpStatusCode.OK, (await lan.GetAsync(new Uri("health", UriKind.Relative)).DefaultTimeout("GET /health through the new mirror")).StatusCode);

        second.Process.Signal(LibC.SigTerm);
        Assert.Equal(0, await second.Process.WaitForExitAsync("the second desktop after SIGTERM", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task ForeignListener_IsReportedByNameAndPid_DesktopKeepsRunning()
    {
        var (holder, port) = await StandIn.HoldPortAsync("0.0.0.0");
        using var _ = holder;

        using var desktop = await DesktopInstance.StartAsync(_home.Path, port);

        Assert.Contains($"Mirror:    error: port {port} is held by dotnet (pid {holder.Id}); choose another with --port", desktop.Process.Output, StringComparison.Ordinal);
        Assert.False(holder.HasExited);
        using var direct = DesktopInstance.Client(desktop.State.DesktopPort);
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync(new Uri("health", UriKind.Relative)).DefaultTimeout("GET /health on the desktop")).StatusCode);
        Assert.Null(desktop.State.MirrorPort);

        desktop.Process.Signal(LibC.SigTerm);
        Assert.Equal(0, await desktop.Process.WaitForExitAsync("the desktop after SIGTERM", TimeSpan.FromSeconds(15)));
        Assert.False(holder.HasExited);
        Assert.True(await TestPorts.AcceptsAsync(port));
    }

    /// <summary>Starts a task session on the desktop; returns the pids of its processes once the command runs.</summary>
    private async Task<IReadOnlyList<int>> StartSessionAsync(DesktopInstance desktop, string command)
    {
        using var api = DesktopInstance.Client(desktop.State.DesktopPort);
        var folder = _home.CreateFolder("project");
        using var created = await api.PostAsJsonAsync("project", new { path = folder }).DefaultTimeout("POST /project");
        var project = (await created.Content.ReadFromJsonAsync<JsonObject>().DefaultTimeout("the project"))!["id"]!.GetValue<string>();
        using var session = await api.PostAsJsonAsync("session", new { projectId = project, kind = "task", command, mirrorInput = false }).DefaultTimeout("POST /session");
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        // The shell forks the job after it starts; both show up as descendants of the desktop.
        IReadOnlyList<int> pids = [];
        await Poll.UntilAsync(
            () =>
            {
                pids = ProcessTable.Descendants(desktop.Process.Id).Where(pid => ProcStat.Read(pid) is { Name: "sleep" or "sh" }).ToList();
                return pids.Any(pid => ProcStat.Read(pid)?.Name == "sleep");
            },
            "the session's sleep to run");
        return pids;
    }

    public void Dispose() => _home.Dispose();
}
