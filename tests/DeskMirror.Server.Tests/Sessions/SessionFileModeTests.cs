using System.Runtime.Versioning;
using DeskMirror.Server.Storage.Internal;
using DeskMirror.Server.Tests.Storage;

namespace DeskMirror.Server.Tests.Sessions;

/// <summary>
/// The server keeps its own files private with umask 0077; what a session creates in the project gets the mask
/// DeskMirror was started with. These tests set the process's mask before the server starts, so they run alone.
/// </summary>
[Collection(ProcessUmaskGroup.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class SessionFileModeTests
{
    // 0027: a real desktop's mask that differs from both 0022 and the server's 0077.
    private const int UserMask = 0x17;
    private const UnixFileMode File640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
    private const UnixFileMode Folder750 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
    private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task Task_ServerStartedUnderUmask0027_FilesItCreatesGetThatMaskAndTheLogStaysPrivate()
    {
        var previous = ProcessUmask.Exchange(UserMask);
        try
        {
            await using var harness = await SessionHarness.StartAsync();
            var id = (await harness.CreateAsync("umask; touch made-by-task; mkdir folder-by-task"))["id"]!.GetValue<string>();
            await harness.WaitEndedAsync(id);

            Assert.Equal("0027\r\n", await harness.OutputAsync(id));
            Assert.Equal(File640, File.GetUnixFileMode(Path.Combine(harness.ProjectDirectory, "made-by-task")));
            Assert.Equal(Folder750, File.GetUnixFileMode(Path.Combine(harness.ProjectDirectory, "folder-by-task")));
            Assert.Equal(File600, File.GetUnixFileMode(harness.Manager.LogPath(id)));
        }
        finally
        {
            ProcessUmask.Exchange(previous);
        }
    }

    [Fact]
    public async Task Terminal_ServerStartedUnderUmask0027_FilesTypedIntoTheLoginShellGetThatMask()
    {
        var previous = ProcessUmask.Exchange(UserMask);
        try
        {
            await using var harness = await SessionHarness.StartAsync();
            var id = (await harness.CreateAsync(command: null, kind: "terminal"))["id"]!.GetValue<string>();
            using (var typed = await harness.InputAsync(id, "touch made-in-terminal; mkdir folder-in-terminal; exit\r"))
            {
                typed.EnsureSuccessStatusCode();
            }

            await harness.WaitEndedAsync(id);
            Assert.Equal(File640, File.GetUnixFileMode(Path.Combine(harness.ProjectDirectory, "made-in-terminal")));
            Assert.Equal(Folder750, File.GetUnixFileMode(Path.Combine(harness.ProjectDirectory, "folder-in-terminal")));
        }
        finally
        {
            ProcessUmask.Exchange(previous);
        }
    }
}
