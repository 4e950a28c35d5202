using DeskMirror.Internal;
using DeskMirror.Orphans;
using DeskMirror.Runtime;

namespace DeskMirror.Tests.Orphans;

/// <summary>Ending a desktop that does not answer, against a stand-in that runs under the name <c>deskmirror</c>.</summary>
public sealed class HungDesktopTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task End_StandInIgnoringSigterm_IsKilledAfterTheGrace()
    {
        var (standIn, _) = await StandIn.HoldPortAsync(programName: "deskmirror", ignoreSigterm: true, linkFolder: _folder);
        using var _ = standIn;

        var message = await new HungDesktop(new HungDesktopOptions { StopGrace = TimeSpan.FromMilliseconds(300) }).EndAsync(StateFor(standIn.Id)).DefaultTimeout("ending the stand-in");

        Assert.Equal($"ended the earlier DeskMirror (pid {standIn.Id}) that did not answer, and its 0 sessions (SIGKILL after the grace period)", message);
        Assert.Equal(137, await standIn.WaitForExitAsync("the stand-in to be killed"));
    }

    [Fact]
    public async Task End_StateWithAnotherStartTime_LeavesTheProcessAlone()
    {
        var (standIn, _) = await StandIn.HoldPortAsync(programName: "deskmirror", linkFolder: _folder);
        using var _ = standIn;
        var state = StateFor(standIn.Id);

        var message = await new HungDesktop().EndAsync(state with { ProcessStartTicks = state.ProcessStartTicks + 1 }).DefaultTimeout("ending nothing");

        Assert.Equal($"the earlier DeskMirror (pid {standIn.Id}) has exited", message);
        Assert.False(standIn.HasExited);
    }

    private static RuntimeState StateFor(int pid) => new()
    {
        Pid = pid,
        ProcessStartTicks = ProcessInfo.Read(pid)!.StartTicks,
        StartedAt = DateTimeOffset.Now,
        DesktopPort = 1,
        MirrorListenerPort = 2,
        ControlSecret = "x",
    };

    public void Dispose() => _folder.Dispose();
}
