using System.Text;

namespace DeskMirror.Pty.Tests;

public sealed class PtyProcessOutputTests
{
    [Fact]
    public async Task Start_Printf_OutputArrives()
    {
        var (process, output) = Pty.Shell("printf 'hello %s\\n' world");
        await using var _ = process;
        await process.Exited.DefaultTimeout("printf to exit");
        Assert.Equal("hello world\r\n", output.Text);
    }

    [Fact]
    public async Task Start_Tty_PrintsDevPtsPathOfTheSlave()
    {
        var (process, output) = Pty.Shell("tty");
        await using var _ = process;
        await process.Exited.DefaultTimeout("tty to exit");
        Assert.Matches(@"^/dev/pts/\d+\r\n$", output.Text);
        Assert.Equal(process.TerminalPath + "\r\n", output.Text);
    }

    [Fact]
    public async Task Start_Environment_HasTermCwdAndSessionLeadership()
    {
        var directory = Directory.CreateTempSubdirectory("pty-cwd-");
        try
        {
            var (process, output) = Pty.Shell("echo \"term=$TERM\"; echo \"cwd=$(pwd)\"; ps -o stat= -p $$", directory: directory.FullName);
            await using var _ = process;
            await process.Exited.DefaultTimeout("the environment script to exit");
            Assert.Contains("term=xterm-256color\r\n", output.Text, StringComparison.Ordinal);
            Assert.Contains($"cwd={directory.FullName}\r\n", output.Text, StringComparison.Ordinal);

            // 's' = session leader, '+' = in the terminal's foreground group.
            Assert.Matches(@"S\w*s\w*\+", output.Text.Split("\r\n")[2]);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_LargeOutput_EveryByteArrivesInOrder()
    {
        var (process, output) = Pty.Shell("seq 1 200000");
        await using var _ = process;
        await process.Exited.TimeoutAfter(TimeSpan.FromSeconds(60), "seq to exit");
        var expected = string.Join("\r\n", Enumerable.Range(1, 200000)) + "\r\n";
        Assert.Equal(expected.Length, output.Text.Length);
        Assert.Equal(expected, output.Text);
    }

    [Fact]
    public async Task Start_InitialSizeAndResize_SttySizeFollows()
    {
        var (process, output) = Pty.Shell("stty size; read line; stty size", cols: 100, rows: 30);
        await using var _ = process;
        await output.WaitForAsync("30 100\r\n");
        process.Resize(132, 43);
        await process.WriteAsync(Encoding.ASCII.GetBytes("\n"));
        await process.Exited.DefaultTimeout("stty to exit");
        Assert.EndsWith("43 132\r\n", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resize_OutOfRange_Throws()
    {
        var (process, _) = Pty.Shell("read line");
        await using var __ = process;
        Assert.Throws<ArgumentOutOfRangeException>(() => process.Resize(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => process.Resize(10, 70000));
    }
}
