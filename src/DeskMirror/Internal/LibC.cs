using System.Runtime.InteropServices;

namespace DeskMirror.Internal;

/// <summary>The few libc calls .NET does not expose: signals to arbitrary pids and process groups.</summary>
internal static partial class LibC
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>SIGCONT differs between Linux (18) and macOS/BSD (19).</summary>
    public static int SigCont => OperatingSystem.IsLinux() ? 18 : 19;

    /// <summary>SIGSTOP differs between Linux (19) and macOS/BSD (17).</summary>
    public static int SigStop => OperatingSystem.IsLinux() ? 19 : 17;

    /// <summary>Sends <paramref name="signal"/>; a negative pid addresses a process group. Returns false when it failed.</summary>
    public static bool Kill(int pid, int signal) => !OperatingSystem.IsWindows() && NativeKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int sig);
}
