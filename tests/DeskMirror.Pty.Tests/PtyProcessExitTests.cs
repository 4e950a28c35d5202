namespace DeskMirror.Pty.Tests;

public sealed class PtyProcessExitTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(255)]
    public async Task Exited_ExitCode_Recorded(int code)
    {
        var (process, _) = Pty.Shell($"exit {code}");
        await using var __ = process;
        var status = await process.Exited.DefaultTimeout("exit");
        Assert.Equal(new PtyExitStatus(code, null), status);
        Assert.True(status.Exited);
    }

    [Fact]
    public async Task Exited_KilledBySignal_SignalRecorded()
    {
        var (process, _) = Pty.Shell("kill -TERM $$; sleep 5");
        await using var __ = process;
        var status = await process.Exited.DefaultTimeout("death by SIGTERM");
        Assert.Equal(new PtyExitStatus(null, 15), status);
        Assert.Equal("killed by signal 15", status.ToString());
    }

    [Fact]
    public async Task Exited_AfterExit_NoZombieLeft()
    {
        var (process, _) = Pty.Shell("exit 1");
        await using var __ = process;
        await process.Exited.DefaultTimeout("exit");
        Assert.Null(ProcessTable.State(process.ProcessId));
        Assert.DoesNotContain(process.ProcessId, ProcessTable.ZombieChildrenOf(Environment.ProcessId));
    }

    [Fact]
    public void Start_MissingProgram_ThrowsReadableError()
    {
        var error = Assert.Throws<PtyStartException>(() => PtyProcess.Start(
            new PtyStartInfo { FileName = "no-such-program-deskmirror", WorkingDirectory = Path.GetTempPath() },
            _ => { }));
        Assert.Contains("no-such-program-deskmirror", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_MissingDirectory_ThrowsReadableError()
    {
        var missing = Path.Combine(Path.GetTempPath(), "deskmirror-missing-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<PtyStartException>(() => PtyProcess.Start(
            new PtyStartInfo { FileName = "sh", WorkingDirectory = missing },
            _ => { }));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
