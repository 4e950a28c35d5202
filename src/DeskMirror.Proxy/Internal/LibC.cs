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
    public const int ENFile = 23;
    public const int EMFile = 24;
    public const int EPipe = 32;
    public const int EAddrNotAvail = 99;
    public const int ENetUnreach = 101;
    public const int EConnAborted = 103;
    public const int EConnReset = 104;
    public const int ENoBufs = 105;
    public const int ENotConn = 107;
    public const int ETimedOut = 110;
    public const int EConnRefused = 111;
    public const int EHostUnreach = 113;

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static unsafe partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "splice", SetLastError = true)]
    public static unsafe partial nint Splice(int fdIn, long* offIn, int fdOut, long* offOut, nuint length, uint flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    // Sockets and epoll for the event loop (Linux values; the loop runs on Linux only).
    public const int ENoProtoOpt = 92;
    public const int EInProgress = 115;
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int SockStreamNonBlockCloExec = 1 | 0x800 | 0x80000; // SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC
    public const int SockNonBlockCloExec = 0x800 | 0x80000; // for accept4
    public const int IpProtoTcp = 6;
    public const int TcpNoDelay = 1;
    public const int SolSocket = 1;
    public const int SoError = 4;
    public const int SoLinger = 13;
    public const int ShutWr = 1;
    public const int MsgNoSignal = 0x4000;
    public const int FSetFl = 4;
    public const int ONonBlock = 0x800;
    public const int EpollCloExec = 0x80000;
    public const int EpollCtlAdd = 1;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 1u << 31;
    public const int EfdNonBlockCloExec = 0x800 | 0x80000;

    /// <summary>struct linger.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Linger
    {
        public int OnOff;
        public int Seconds;
    }

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    public const int EProto = 71;
    public const uint EpollExclusive = 1u << 28;
    public const int EpollCtlDel = 2;

    [LibraryImport(Library, EntryPoint = "accept4", SetLastError = true)]
    public static unsafe partial int Accept4(int fd, byte* address, int* length, int flags);

    [LibraryImport(Library, EntryPoint = "getsockname", SetLastError = true)]
    public static unsafe partial int GetSockName(int fd, byte* address, int* length);

    [LibraryImport(Library, EntryPoint = "connect", SetLastError = true)]
    public static unsafe partial int Connect(int fd, byte* address, int length);

    [LibraryImport(Library, EntryPoint = "recv", SetLastError = true)]
    public static unsafe partial nint Recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "send", SetLastError = true)]
    public static unsafe partial nint Send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int Shutdown(int fd, int how);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    public static unsafe partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport(Library, EntryPoint = "getsockopt", SetLastError = true)]
    public static unsafe partial int GetSockOpt(int fd, int level, int name, void* value, int* length);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    /// <summary><paramref name="epollEvent"/> points at a struct epoll_event (see <see cref="EpollDataOffset"/>).</summary>
    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static unsafe partial int EpollCtl(int epoll, int operation, int fd, byte* epollEvent);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    public static unsafe partial int EpollWait(int epoll, byte* events, int maxEvents, int timeout);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nuint count);

    /// <summary>
    /// struct epoll_event is packed on x86-64 (events, then the 64-bit data at offset 4: 12 bytes) and naturally
    /// aligned elsewhere (data at offset 8: 16 bytes). Null on other architectures: the loop is not used there.
    /// </summary>
    public static int? EpollDataOffset => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 4,
        Architecture.Arm64 => 8,
        _ => null,
    };

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
