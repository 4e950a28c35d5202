using DeskMirror.Internal;
using DeskMirror.Runtime;

namespace DeskMirror.Tests.Runtime;

public sealed class RuntimeStateFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void Write_ThenRead_RoundTripsWithMode0600()
    {
        var file = new RuntimeStateFile(_folder.Path);
        var state = State(Environment.ProcessId);

        file.Write(state);

        Assert.Equal(state, file.Read());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.FilePath));
    }

    [Fact]
    public void Read_GarbageFile_IsNull()
    {
        var file = new RuntimeStateFile(_folder.Path);
        File.WriteAllText(file.FilePath, "{ nope");

        Assert.Null(file.Read());
    }

    [Fact]
    public async Task IsAlive_ExitedProcess_IsFalse()
    {
        using var child = ChildProcess.Start("true");
        await child.WaitForExitAsync("true");

        Assert.False(RuntimeStateFile.IsAlive(State(child.Id)));
    }

    [Fact]
    public void IsAlive_RunningProcessThatIsNotDeskMirror_IsFalse()
        => Assert.False(RuntimeStateFile.IsAlive(State(Environment.ProcessId) with { ProcessStartTicks = ProcessInfo.CurrentStartTicks() }));

    [Fact]
    public void DeleteIfOwnedBy_AnotherPid_LeavesTheFile()
    {
        var file = new RuntimeStateFile(_folder.Path);
        file.Write(State(12345));

        file.DeleteIfOwnedBy(Environment.ProcessId);
        Assert.True(File.Exists(file.FilePath));

        file.DeleteIfOwnedBy(12345);
        Assert.False(File.Exists(file.FilePath));
    }

    [Theory]
    [InlineData(new[] { "/usr/lib/dotnet/dotnet", "/home/a/src/DeskMirror/bin/Debug/net10.0/deskmirror.dll", "--no-open" }, true)]
    [InlineData(new[] { "dotnet", "exec", "--runtimeconfig", "x.runtimeconfig.json", "/t/deskmirror.dll" }, true)]
    [InlineData(new[] { "/home/a/.dotnet/tools/deskmirror", "--port", "4096" }, true)]
    [InlineData(new[] { "/usr/bin/python3", "-m", "http.server" }, false)]
    [InlineData(new[] { "dotnet", "test", "--data-dir", "/tmp/deskmirror.dll" }, false)]
    [InlineData(new[] { "vim", "/tmp/deskmirror" }, false)]
    public void LooksLikeDeskMirror_ByCommandLine(string[] commandLine, bool expected)
        => Assert.Equal(expected, new ProcessInfo(1, "x", commandLine, 0, false).LooksLikeDeskMirror);

    public void Dispose() => _folder.Dispose();

    private static RuntimeState State(int pid) => new()
    {
        Pid = pid,
        StartedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        DesktopPort = 40001,
        MirrorListenerPort = 40002,
        MirrorPort = 4096,
        BindAddress = "0.0.0.0",
        ControlSecret = "s3cret",
        ProcessStartTicks = 77,
    };
}
