using System.Net;
using System.Net.Sockets;
using DeskMirror.Orphans;
using DeskMirror.Runtime;
using DeskMirror.Tests.TestSupport;

namespace DeskMirror.Tests.Orphans;

public sealed class PortHolderFinderTests
{
    [Fact]
    public async Task Find_ListenerInThisProcess_IsThisPid()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var holder = await PortHolderFinder.FindAsync(port).WithTimeout("find the holder");

        Assert.Equal(Environment.ProcessId, holder?.Pid);
    }

    [Fact]
    public async Task Find_IPv6ListenerInAnotherProcess_NamesItAndItsPid()
    {
        var port = Ports.Free();
        using var python = ChildProcess.Start("python3", "-c",
            $"import socket,sys,time\ns=socket.socket(socket.AF_INET6)\ns.bind(('::1',{port}))\ns.listen()\nprint('listening',flush=True)\ntime.sleep(60)");
        await python.WaitForLineAsync(l => l == "listening", "python to listen");

        var holder = await PortHolderFinder.FindAsync(port).WithTimeout("find the holder");

        Assert.Equal(python.Id, holder?.Pid);
        Assert.StartsWith("python3", holder?.Name, StringComparison.Ordinal);
        Assert.Equal($"{holder?.Name} (pid {python.Id})", holder?.ToString());
    }

    [Fact]
    public async Task Find_FreePort_IsNull()
        => Assert.Null(await PortHolderFinder.FindAsync(Ports.Free()).WithTimeout("find no holder"));

    [Fact]
    public async Task OrphanCleaner_ForeignHolder_IsReportedAndLeftAlone()
    {
        var port = Ports.Free();
        using var python = ChildProcess.Start("python3", "-c",
            $"import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',{port}))\ns.listen()\nprint('listening',flush=True)\ntime.sleep(60)");
        await python.WaitForLineAsync(l => l == "listening", "python to listen");
        // Even a state file that names this pid does not make a foreign program ours: its command line must agree.
        var state = new RuntimeState { Pid = python.Id, StartedAt = DateTimeOffset.Now, DesktopPort = 1, MirrorListenerPort = 2, MirrorPort = port, ControlSecret = "x" };

        var result = await new OrphanCleaner(state).TryFreeAsync(port).WithTimeout("cleanup");

        Assert.False(result.Freed);
        Assert.Matches($"^port {port} is held by python3[^ ]* \\(pid {python.Id}\\); choose another with --port$", result.Message);
        Assert.False(python.HasExited);
        Assert.True(await Ports.AcceptsAsync(port));
    }
}
