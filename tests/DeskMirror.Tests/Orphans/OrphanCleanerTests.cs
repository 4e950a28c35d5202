using System.Globalization;
using DeskMirror.Internal;
using DeskMirror.Orphans;
using DeskMirror.Runtime;
using DeskMirror.Tests.TestSupport;

namespace DeskMirror.Tests.Orphans;

/// <summary>
/// The cleaner against a stand-in earlier DeskMirror: a python listener started under the name
/// <c>deskmirror</c> (a link of that name to the interpreter) that ignores SIGTERM, so only SIGKILL ends it.
/// </summary>
public sealed class OrphanCleanerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task TryFree_OursIgnoringSigterm_IsKilledAfterTheGracePeriod()
    {
        var port = Ports.Free();
        using var orphan = await StartStandInAsync(port);
        await orphan.WaitForLineAsync(l => l == "listening", "the stand-in to listen");

        var result = await new OrphanCleaner(StateFor(orphan.Id, port), Options()).TryFreeAsync(port).WithTimeout("cleanup");

        Assert.True(result.Freed, result.Message);
        Assert.Equal($"ended an earlier DeskMirror (pid {orphan.Id}) that still held port {port}", result.Message);
        Assert.Equal(137, await orphan.WaitForExitAsync("the stand-in to be killed"));
        Assert.True(Ports.IsFree(port));
    }

    [Theory]
    [InlineData("other port")]
    [InlineData("other start time")]
    [InlineData("no state file")]
    public async Task TryFree_StateFileDisagrees_LeavesItAlone(string disagreement)
    {
        var port = Ports.Free();
        using var orphan = await StartStandInAsync(port);
        await orphan.WaitForLineAsync(l => l == "listening", "the stand-in to listen");
        var state = StateFor(orphan.Id, port);
        state = disagreement switch
        {
            "other port" => state with { MirrorPort = port + 1 },
            "other start time" => state with { ProcessStartTicks = state.ProcessStartTicks + 1 },
            _ => null,
        };

        var result = await new OrphanCleaner(state, Options()).TryFreeAsync(port).WithTimeout("cleanup");

        Assert.False(result.Freed);
        Assert.Equal($"port {port} is held by deskmirror (pid {orphan.Id}); choose another with --port", result.Message);
        Assert.False(orphan.HasExited);
    }

    // A link named deskmirror to the real interpreter (not a pyenv-style shim, which would exec under its own name).
    private async Task<ChildProcess> StartStandInAsync(int port)
    {
        using var which = ChildProcess.Start("python3", "-c", "import sys; print(sys.executable)");
        await which.WaitForExitAsync("python3 -c sys.executable");
        var link = _folder.Combine("deskmirror");
        File.CreateSymbolicLink(link, which.Output.Trim());
        return ChildProcess.Start(link, "-c",
            "import signal,socket,time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n" +
            $"s=socket.socket()\ns.bind(('0.0.0.0',{port.ToString(CultureInfo.InvariantCulture)}))\ns.listen()\nprint('listening',flush=True)\ntime.sleep(120)");
    }

    private static RuntimeState StateFor(int pid, int port) => new()
    {
        Pid = pid,
        ProcessStartTicks = ProcessInfo.Read(pid)!.StartTicks,
        StartedAt = DateTimeOffset.Now,
        DesktopPort = 1,
        MirrorListenerPort = 2,
        MirrorPort = port,
        ControlSecret = "x",
    };

    public void Dispose() => _folder.Dispose();

    private static OrphanCleanerOptions Options() => new() { TermGracePeriod = TimeSpan.FromMilliseconds(300) };
}
