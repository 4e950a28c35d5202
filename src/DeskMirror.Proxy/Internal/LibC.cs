using System.Reflection;
using System.Runtime.InteropServices;

namespace DeskMirror.Proxy.Internal;

/// <summary>The few C library calls the proxy needs that .NET does not expose. Every call that can fail sets errno.</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    static LibC()
    {
        // "libc" alone is not a loadable name everywhere: on glibc systems libc.so is a linker script.
        NativeLibrary.SetDllImportResolver(typeof(LibC).Assembly, Resolve);
    }

    /// <summary>RLIMIT_NOFILE: 7 on Linux, 8 on macOS and the BSDs.</summary>
    public static int RlimitNoFile => OperatingSystem.IsLinux() ? 7 : 8;

    /// <summary>struct rlimit; rlim_t is 64 bits on every 64-bit Unix .NET runs on.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport(Library, EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport(Library, EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int SetRLimit(int resource, in RLimit limit);

    /// <summary>O_NONBLOCK | O_CLOEXEC for pipe2 (Linux x64 and arm64 values).</summary>
    public const int PipeFlags = 0x800 | 0x80000;

    /// <summary>SPLICE_F_MOVE | SPLICE_F_NONBLOCK.</summary>
    public const uint SpliceFlags = 0x1 | 0x2;

    // Linux errno values.
    public const int EIntr = 4;
    public const int EBadF = 9;
    public const int EAgain = 11;
    public const int ENoMem = 12;
    public const int EPipe = 32;
    public const int EConnAborted = 103;
    public const int EConnReset = 104;
    public const int ENoBufs = 105;
    public const int ENotConn = 107;
    public const int ETimedOut = 110;

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "splice", SetLastError = true)]
    public static unsafe partial nint Splice(int fdIn, long* offIn, int fdOut, long* offOut, nuint length, uint flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        var candidate = OperatingSystem.IsMacOS() ? "/usr/lib/libSystem.dylib" : "libc.so.6";
        return NativeLibrary.TryLoad(candidate, out var handle) ? handle : IntPtr.Zero;
    }
}
