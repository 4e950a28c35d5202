using System.Net;
using DeskMirror.Internal;
using DeskMirror.Tests.TestSupport;

namespace DeskMirror.Tests.Lifecycle;

/// <summary>What the desktop does when its mirror port is already held.</summary>
public sealed class OrphanCleanupTests : IDisposable
{
    private readonly TempFolder _home = new();

    [Fact]
    public async Task EarlierDeskMirror_HungWithSigstop_IsEndedAndReplaced()
    {
        var port = Ports.Free();
        using var earlier = await DesktopInstance.StartAsync(_home.Path, port);
        earlier.Process.Signal(Libc.SigStop);

        using var later = await DesktopInstance.StartAsync(_home.Path, port);

        var ended = $"ended an earlier DeskMirror (pid {earlier.Process.Id}) that still held port {port}";
        Assert.True(later.Process.Output.Contains(ended, StringComparison.Ordinal), $"expected \"{ended}\" in:\n{later.Process.Output}");
        Assert.Contains($"Mirror:    serving on 0.0.0.0:{port}", later.Process.Output, StringComparison.Ordinal);
        await earlier.Process.WaitForExitAsync("the earlier desktop to end");
        Assert.Equal(later.Process.Id, later.State.Pid);
        using var lan = DesktopInstance.Client(port);
        Assert.Equal(HttpStatusCode.OK, (await lan.GetAsync(new Uri("health", UriKind.Relative)).WithTimeout("GET /health through the new mirror")).StatusCode);

        later.Process.Signal(Libc.SigTerm);
        Assert.Equal(0, await later.Process.WaitForExitAsync("the later desktop after SIGTERM", TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task ForeignListener_IsReportedByNameAndPid_DesktopKeepsRunning()
    {
        var port = Ports.Free();
        using var python = ChildProcess.Start("python3", "-c",
            $"import socket,time\ns=socket.socket()\ns.bind(('0.0.0.0',{port}))\ns.listen()\nprint('listening',flush=True)\ntime.sleep(120)");
        await python.WaitForLineAsync(l => l == "listening", "python to listen");

        using var desktop = await DesktopInstance.StartAsync(_home.Path, port);

        var held = $"port {port} is held by python3";
        Assert.Matches($"Mirror:    error: {held}[^ ]* \\(pid {python.Id}\\); choose another with --port", desktop.Process.Output);
        Assert.False(python.HasExited);
        using var direct = DesktopInstance.Client(desktop.State.DesktopPort);
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync(new Uri("health", UriKind.Relative)).WithTimeout("GET /health on the desktop")).StatusCode);
        Assert.Null(desktop.State.MirrorPort);

        desktop.Process.Signal(Libc.SigTerm);
        Assert.Equal(0, await desktop.Process.WaitForExitAsync("the desktop after SIGTERM", TimeSpan.FromSeconds(15)));
        Assert.False(python.HasExited);
        Assert.True(await Ports.AcceptsAsync(port));
    }

    public void Dispose() => _home.Dispose();
}
