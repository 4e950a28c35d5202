using System.Globalization;

namespace DeskMirror.Pty.Tests;

public sealed class PtyForegroundTests
{
    [Fact]
    public async Task ForegroundProcessGroup_ShellWithoutJobControl_IsTheSessionLeadersGroup()
    {
        var (process, output) = Pty.Shell("printf 'ready\\n'; read x");
        await using var _ = process;
        await output.WaitForAsync("ready");

        Assert.Equal(process.ProcessId, process.ForegroundProcessGroup);
    }

    [Fact]
    public async Task ForegroundProcessGroup_JobControlShellRunningAJob_IsTheJobsGroup()
    {
        // An interactive shell puts its foreground job in a group of its own; that group reads the keyboard.
        var (process, output) = Pty.Shell("PS1='ready> ' exec sh -i");
        await using var _ = process;
        // Typed only once the shell prompts: a line typed while it starts can be flushed when it sets up the terminal.
        await output.WaitForAsync("ready> ");
        await process.WriteAsync("sh -c 'echo job:$$; exec sleep 30'\r"u8.ToArray()).AsTask().DefaultTimeout("typing the job");
        await output.WaitForAsync("\njob:");
        var text = output.Text;
        var job = int.Parse(text[(text.LastIndexOf("job:", StringComparison.Ordinal) + 4)..].Split('\r')[0], CultureInfo.InvariantCulture);

        await Poll.UntilAsync(() => process.ForegroundProcessGroup == job, "the job to be in the foreground");
        Assert.NotEqual(process.ProcessId, job);
    }

    [Fact]
    public async Task ForegroundProcessGroup_AfterExit_IsNull()
    {
        var (process, _) = Pty.Shell("exit 0");
        await process.Exited.DefaultTimeout("exit");
        await process.DisposeAsync();

        Assert.Null(process.ForegroundProcessGroup);
    }
}
