using System.Globalization;
using System.Text.RegularExpressions;

namespace DeskMirror.Pty.Tests;

public sealed partial class PtyProcessStopTests
{
    [Fact]
    public async Task StopAsync_ShellWithBackgroundAndForegroundSleep_WholeTreeEndsWithoutZombie()
    {
        var (process, output) = Pty.Shell("sleep 1000 & echo \"bg:$!\"; sleep 1000");
        await using var _ = process;
        var text = await output.WaitForAsync("\r\n");
        var background = int.Parse(BackgroundPid().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.NotNull(ProcessTable.State(background));

        var status = await process.StopAsync(TimeSpan.FromSeconds(5)).DefaultTimeout("the stop");

        Assert.Equal(1, status.Signal); // SIGHUP was enough for sh
        Assert.Null(ProcessTable.State(process.ProcessId));
        await ProcessTable.WaitGoneAsync(background, $"background sleep {background} to end", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(process.ProcessId, ProcessTable.ZombieChildrenOf(Environment.ProcessId));
    }

    [Fact]
    public async Task StopAsync_GroupIgnoringHangup_KilledAfterGrace()
    {
        // The ignored SIGHUP is inherited by the sleeps too, so only SIGKILL to the group ends them.
        var (process, output) = Pty.Shell("trap '' HUP; sleep 1000 & echo \"bg:$!\"; sleep 1000");
        await using var _ = process;
        var text = await output.WaitForAsync("\r\n");
        var background = int.Parse(BackgroundPid().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);

        var status = await process.StopAsync(TimeSpan.FromMilliseconds(300)).DefaultTimeout("the stop");

        Assert.Equal(9, status.Signal);
        await ProcessTable.WaitGoneAsync(background, $"background sleep {background} to end", TimeSpan.FromSeconds(10));
        Assert.Null(ProcessTable.State(process.ProcessId));
    }

    [Fact]
    public async Task StopAsync_CalledTwiceAndAfterExit_ReturnsSameStatus()
    {
        var (process, _) = Pty.Shell("sleep 1000");
        await using var __ = process;
        var first = process.StopAsync(TimeSpan.FromSeconds(5));
        var second = process.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(await first.DefaultTimeout("first stop"), await second.DefaultTimeout("second stop"));
        Assert.Equal(await first, await process.StopAsync(TimeSpan.FromSeconds(5)).DefaultTimeout("stop after exit"));
    }

    [Fact]
    public async Task DisposeAsync_RunningChild_StopsIt()
    {
        var (process, _) = Pty.Shell("sleep 1000");
        var pid = process.ProcessId;
        await process.DisposeAsync().AsTask().DefaultTimeout("dispose");
        Assert.Null(ProcessTable.State(pid));
    }

    [GeneratedRegex(@"bg:(\d+)")]
    private static partial Regex BackgroundPid();
}
