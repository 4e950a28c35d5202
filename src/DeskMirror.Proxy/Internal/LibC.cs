using System.Reflection;
using System.Runtime.InteropServices;

namespace DeskMirror.Proxy.Internal;

/// <summary>The few C library calls the proxy needs that .NET does not expose. Every call that can fail sets errno.</summary>
internal static partial class LibC
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
