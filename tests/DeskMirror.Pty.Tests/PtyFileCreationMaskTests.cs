using System.Runtime.Versioning;
using System.Text;

namespace DeskMirror.Pty.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class PtyFileCreationMaskTests
{
    // 0031 (files 0646, folders 0746): a mask nobody runs with, so a child that merely inherited this test process's mask cannot pass.
    private const int Mask = 0x19;
    private const UnixFileMode FileUnderMask = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
    private const UnixFileMode FolderUnderMask = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    [Fact]
    public async Task Start_FileCreationMask_ChildsFilesAndFoldersHaveIt()
    {
        var directory = Directory.CreateTempSubdirectory("pty-umask-");
        try
        {
            var output = new OutputCollector();
            await using var process = PtyProcess.Start(Shell(["-c", "umask; touch file; mkdir folder"], directory.FullName), output.Append);
            await process.Exited.DefaultTimeout("the script to exit");

            Assert.Equal("0031\r\n", output.Text);
            Assert.Equal(FileUnderMask, File.GetUnixFileMode(Path.Combine(directory.FullName, "file")));
            Assert.Equal(FolderUnderMask, File.GetUnixFileMode(Path.Combine(directory.FullName, "folder")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_FileCreationMask_LoginShellTypedIntoCreatesFilesWithIt()
    {
        var directory = Directory.CreateTempSubdirectory("pty-umask-login-");
        try
        {
            var output = new OutputCollector();
            await using var process = PtyProcess.Start(Shell(["-l"], directory.FullName), output.Append);
            await process.WriteAsync(Encoding.ASCII.GetBytes("touch typed; echo made-$((6*7)); exit\r")).AsTask().DefaultTimeout("typing");
            await process.Exited.DefaultTimeout("the login shell to exit");

            Assert.Contains("made-42", output.Text, StringComparison.Ordinal);
            Assert.Equal(FileUnderMask, File.GetUnixFileMode(Path.Combine(directory.FullName, "typed")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_FileCreationMask_TheLeaderIsTheProgramWithItsArgumentsUntouched()
    {
        var output = new OutputCollector();

        // The program reports its own command line (it runs as the session's leader, $$) and its arguments: the
        // shell that set the mask has replaced itself, and nothing in the arguments was parsed on the way.
        string[] arguments = ["-c", "tr '\\0' '|' < /proc/$$/cmdline; echo; printf '<%s>' \"$0\" \"$@\"; echo", "zero", "a b", "$(echo no)", "'q' \"x\" ; &&"];
        await using var process = PtyProcess.Start(Shell(arguments, Path.GetTempPath()), output.Append);
        await process.Exited.DefaultTimeout("the program to exit");

        var lines = output.Text.Split("\r\n");
        Assert.Equal("/bin/sh|" + string.Join('|', arguments) + "|", lines[0]);
        Assert.Equal("<zero><a b><$(echo no)><'q' \"x\" ; &&>", lines[1]);
    }

    [Fact]
    public void Start_FileCreationMaskOutOfRangeOrWithArgumentZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PtyProcess.Start(Shell(["-c", "true"], Path.GetTempPath(), mask: 0x200), _ => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PtyProcess.Start(Shell(["-c", "true"], Path.GetTempPath(), mask: -1), _ => { }));
        var login = new PtyStartInfo { FileName = "/bin/sh", ArgumentZero = "-sh", WorkingDirectory = Path.GetTempPath(), FileCreationMask = Mask };
        Assert.Throws<ArgumentException>(() => PtyProcess.Start(login, _ => { }));
    }

    private static PtyStartInfo Shell(string[] arguments, string directory, int mask = Mask) => new()
    {
        FileName = "/bin/sh",
        Arguments = arguments,
        WorkingDirectory = directory,
        FileCreationMask = mask,
    };
}
