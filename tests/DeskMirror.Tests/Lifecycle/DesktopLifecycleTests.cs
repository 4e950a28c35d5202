using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DeskMirror.Internal;
using DeskMirror.Tests.Infrastructure;

namespace DeskMirror.Tests.Lifecycle;

/// <summary>The desktop as a real child process: server, proxy, status, pairing, signals.</summary>
public sealed class DesktopLifecycleTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public async Task MirrorOn_LanSideAnswersLikeTheDesktop_AndSigtermEndsEverything()
    {
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused());
        var state = desktop.State;
        using var direct = DesktopInstance.Client(state.DesktopPort);
        using var mirrored = DesktopInstance.Client(desktop.Port);
        var projectFolder = Directory.CreateDirectory(_home.Combine("project")).FullName;
        var created = await direct.PostAsJsonAsync("project", new { path = projectFolder }).DefaultTimeout("POST /project");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var project = await created.Content.ReadFromJsonAsync<JsonObject>().DefaultTimeout("read the project");
        var session = await direct.PostAsJsonAsync("session", new { projectId = project!["id"]!.GetValue<string>(), kind = "task", command = "sleep 300", mirrorInput = false }).DefaultTimeout("POST /session");
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);

        foreach (var path in new[] { "health", "project", "session", "mirror/sidebar" })
        {
            var fromDesktop = await direct.GetStringAsync(new Uri(path, UriKind.Relative)).DefaultTimeout($"GET /{path} on the desktop listener");
            var fromLan = await mirrored.GetStringAsync(new Uri(path, UriKind.Relative)).DefaultTimeout($"GET /{path} through the mirror");
            Assert.Equal(fromDesktop, fromLan);
        }

        // The mirror is the mirror listener, not the desktop one: desktop-only routes refuse it.
        Assert.Equal(HttpStatusCode.Forbidden, (await mirrored.GetAsync(new Uri("mirror/status", UriKind.Relative)).DefaultTimeout("GET /mirror/status through the mirror")).StatusCode);
        var status = await direct.GetFromJsonAsync<JsonObject>("mirror/status").DefaultTimeout("GET /mirror/status on the desktop");
        Assert.Equal("Serving", status!["state"]!.ToString(), ignoreCase: true);
        Assert.Equal(desktop.Port, status["port"]!.GetValue<int>());

        var children = ProcessTable.Descendants(desktop.Process.Id);
        Assert.NotEmpty(children);

        desktop.Process.Signal(LibC.SigTerm);

        Assert.Equal(0, await desktop.Process.WaitForExitAsync("the desktop after SIGTERM", TimeSpan.FromSeconds(15)));
        Assert.All(children, pid => Assert.False(ProcessTable.IsAlive(pid), $"child {pid} outlived the desktop"));
        Assert.True(TestPorts.IsFree(desktop.Port));
        Assert.False(await TestPorts.AcceptsAsync(state.DesktopPort));
        Assert.False(await TestPorts.AcceptsAsync(state.MirrorListenerPort));
        Assert.False(File.Exists(Path.Combine(desktop.DataDirectory, "deskmirror.state.json")));
        Assert.Contains("Stopped.", desktop.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusAndPair_WhileRunning_ShowTheInstanceAndAWorkingOneTimeLink()
    {
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused());

        using var status = DeskMirrorCli.Start(_home.Path, ["status", "--data-dir", desktop.DataDirectory]);
        Assert.Equal(0, await status.WaitForExitAsync("deskmirror status"));
        Assert.Contains($"DeskMirror is running (pid {desktop.Process.Id}", status.Output, StringComparison.Ordinal);
        Assert.Contains($"Mirror:    serving on 0.0.0.0:{desktop.Port}", status.Output, StringComparison.Ordinal);
        Assert.Contains($"Username:  {DesktopInstance.Username}  (environment DESKMIRROR_USERNAME)", status.Output, StringComparison.Ordinal);
        Assert.Contains($"Password:  {DesktopInstance.Password}  (environment DESKMIRROR_PASSWORD)", status.Output, StringComparison.Ordinal);

        using var pair = DeskMirrorCli.Start(_home.Path, ["pair", "--data-dir", desktop.DataDirectory]);
        Assert.Equal(0, await pair.WaitForExitAsync("deskmirror pair"));
        var link = pair.Output.Split('\n').Single(l => l.Contains("/auth/pair?token=", StringComparison.Ordinal));
        Assert.Contains('█', pair.Output);

        // The link names a LAN address; open it on the mirror port through loopback, as a phone would through the LAN.
        var path = new Uri(link).PathAndQuery;
        using var phone = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{desktop.Port}/") };
        var first = await phone.GetAsync(new Uri(path, UriKind.Relative)).DefaultTimeout("open the pairing link");
        var second = await phone.GetAsync(new Uri(path, UriKind.Relative)).DefaultTimeout("open the pairing link again");
        Assert.True(first.Headers.Contains("Set-Cookie"), $"the pairing link did not sign in: {first.StatusCode}");
        Assert.False(second.Headers.Contains("Set-Cookie"), "the pairing link worked twice");
    }

    [Fact]
    public async Task Status_NotRunningOrStale_SaysSoAndExits3()
    {
        var data = _home.Combine("data");
        using var none = DeskMirrorCli.Start(_home.Path, ["status", "--data-dir", data]);
        Assert.Equal(3, await none.WaitForExitAsync("status without a state file"));
        Assert.StartsWith("DeskMirror is not running (no runtime state file", none.Output, StringComparison.Ordinal);

        using var gone = ChildProcess.Start("true");
        await gone.WaitForExitAsync("true");
        new DeskMirror.Runtime.RuntimeStateFile(data).Write(new DeskMirror.Runtime.RuntimeState
        {
            Pid = gone.Id,
            StartedAt = DateTimeOffset.Now,
            DesktopPort = 1,
            MirrorListenerPort = 2,
            ControlSecret = "x",
        });
        using var stale = DeskMirrorCli.Start(_home.Path, ["pair", "--data-dir", data]);
        Assert.Equal(3, await stale.WaitForExitAsync("pair with a stale state file"));
        Assert.Contains("the runtime state file was stale", stale.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "deskmirror.state.json")));
    }

    [Fact]
    public async Task NoMirror_DesktopRunsAndTheMirrorPortStaysClosed()
    {
        var port = TestPorts.PickUnused();
        using var desktop = await DesktopInstance.StartAsync(_home.Path, port, "--no-mirror");

        Assert.Contains("Mirror:    off", desktop.Process.Output, StringComparison.Ordinal);
        Assert.False(await TestPorts.AcceptsAsync(port));
        using var direct = DesktopInstance.Client(desktop.State.DesktopPort);
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync(new Uri("health", UriKind.Relative)).DefaultTimeout("GET /health")).StatusCode);
        desktop.Process.Signal(LibC.SigInt);
        Assert.Equal(0, await desktop.Process.WaitForExitAsync("the desktop after Ctrl-C", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Quit_RequestedLikeTheUiDoes_StopsEverythingAndExits0()
    {
        using var desktop = await DesktopInstance.StartAsync(_home.Path, TestPorts.PickUnused());
        var state = desktop.State;

        using (var control = new DeskMirror.Desktop.ControlClient(state))
        {
            await control.QuitAsync().DefaultTimeout("POST quit");
        }

        Assert.Equal(0, await desktop.Process.WaitForExitAsync("the desktop after a quit request", TimeSpan.FromSeconds(15)));
        Assert.True(TestPorts.IsFree(desktop.Port));
        Assert.False(await TestPorts.AcceptsAsync(state.DesktopPort));
    }

    public void Dispose() => _home.Dispose();
}
