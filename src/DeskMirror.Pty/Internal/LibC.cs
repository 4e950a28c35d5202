using System.Reflection;
using System.Runtime.InteropServices;

namespace DeskMirror.Pty.Internal;

/// <summary>The few C library calls a pseudo-terminal needs. Every call that can fail sets errno.</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    static LibC()
    {
        // "libc" alone is not a loadable name everywhere: on glibc systems libc.so is a linker script.
        NativeLibrary.SetDllImportResolver(typeof(LibC).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        var candidate = OperatingSystem.IsMacOS() ? "/usr/lib/libSystem.dylib" : "libc.so.6";
        return NativeLibrary.TryLoad(candidate, out var handle) ? handle : IntPtr.Zero;
    }

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenPt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int GrantPt(int fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int UnlockPt(int fd);

    /// <summary>Returns an error number (0 on success); it does not set errno.</summary>
    [LibraryImport(Library, EntryPoint = "ptsname_r")]
    internal static partial int PtsNameR(int fd, byte* buffer, nuint length);

    /// <summary>ioctl is variadic; the pointer argument travels in the same register on x64 and Linux arm64.</summary>
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    [LibraryImport(Library, EntryPoint = "waitpid", SetLastError = true)]
    internal static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport(Library, EntryPoint = "waitid", SetLastError = true)]
    internal static partial int WaitId(int idType, int id, byte* info, int options);

    [LibraryImport(Library, EntryPoint = "signal", SetLastError = true)]
    internal static partial IntPtr Signal(int signal, IntPtr handler);

    [LibraryImport(Library, EntryPoint = "sigaction", SetLastError = true)]
    internal static partial int SigAction(int signal, byte* action, byte* oldAction);

    [LibraryImport(Library, EntryPoint = "getpid")]
    internal static partial int GetPid();

    [LibraryImport(Library, EntryPoint = "tcgetpgrp", SetLastError = true)]
    internal static partial int TcGetPgrp(int fd);

    [LibraryImport(Library, EntryPoint = "sigemptyset", SetLastError = true)]
    internal static partial int SigEmptySet(byte* set);

    [LibraryImport(Library, EntryPoint = "sigfillset", SetLastError = true)]
    internal static partial int SigFillSet(byte* set);

    // The posix_spawn family returns an error number and leaves errno alone.
    [LibraryImport(Library, EntryPoint = "posix_spawn")]
    internal static partial int PosixSpawn(int* pid, byte* path, byte* fileActions, byte* attributes, byte** argv, byte** envp);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_init")]
    internal static partial int SpawnAttrInit(byte* attributes);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_destroy")]
    internal static partial int SpawnAttrDestroy(byte* attributes);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setflags")]
    internal static partial int SpawnAttrSetFlags(byte* attributes, short flags);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setsigmask")]
    internal static partial int SpawnAttrSetSigMask(byte* attributes, byte* set);

    [LibraryImport(Library, EntryPoint = "posix_spawnattr_setsigdefault")]
    internal static partial int SpawnAttrSetSigDefault(byte* attributes, byte* set);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_init")]
    internal static partial int FileActionsInit(byte* actions);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_destroy")]
    internal static partial int FileActionsDestroy(byte* actions);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    internal static partial int FileActionsAddChdir(byte* actions, byte* path);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addopen")]
    internal static partial int FileActionsAddOpen(byte* actions, int fd, byte* path, int flags, int mode);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_adddup2")]
    internal static partial int FileActionsAddDup2(byte* actions, int fd, int newFd);

    [LibraryImport(Library, EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    internal static partial int FileActionsAddCloseFrom(byte* actions, int from);
}
