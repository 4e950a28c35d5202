namespace DeskMirror.Pty.Tests;

/// <summary>
/// Counts this process's descriptors, so it runs alone: other tests open and close PTYs at the same time.
/// </summary>
[Collection(SerialPtyTests.Name)]
public sealed class PtyDescriptorTests
{
    [Fact]
    public async Task Start_ManyCycles_NoDescriptorLeft()
    {
        async Task CycleAsync()
        {
            var (process, _) = Pty.Shell("true");
            await process.Exited.DefaultTimeout("true to exit");
            await process.DisposeAsync();
        }

        await CycleAsync();
        var ptysBefore = ProcessTable.CountOwnDescriptors("/dev/ptmx", "/dev/pts/");
        var allBefore = ProcessTable.CountOwnDescriptors("");
        for (var i = 0; i < 100; i++)
        {
            await CycleAsync();
        }

        // A leak of one descriptor per cycle would add 100; nothing else in this process runs meanwhile.
        Assert.Equal(ptysBefore, ProcessTable.CountOwnDescriptors("/dev/ptmx", "/dev/pts/"));
        Assert.InRange(ProcessTable.CountOwnDescriptors(""), 0, allBefore + 5);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialPtyTests
{
    public const string Name = "Serial: counts the process's descriptors";
}
