using System.Text;

namespace DeskMirror.Pty.Tests;

public sealed class PtyProcessInputTests
{
    [Fact]
    public async Task WriteAsync_LineToReadingProgram_ProgramGetsIt()
    {
        var (process, output) = Pty.Shell("printf 'name? '; read name; echo \"got:$name\"");
        await using var _ = process;
        await output.WaitForAsync("name? ");
        await process.WriteAsync(Encoding.UTF8.GetBytes("héllo\r")).AsTask().DefaultTimeout("the write");
        await process.Exited.DefaultTimeout("the reader to exit");
        Assert.Contains("got:héllo\r\n", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_AfterExit_ThrowsInvalidOperation()
    {
        var (process, _) = Pty.Shell("exit 0");
        await using var __ = process;
        await process.Exited.DefaultTimeout("exit");
        await Assert.ThrowsAsync<InvalidOperationException>(() => process.WriteAsync("x"u8.ToArray()).AsTask());
    }
}
