using System.Runtime.InteropServices;
using System.Text;

namespace DeskMirror.Pty.Internal;

/// <summary>
/// Opens a PTY pair and starts the child with posix_spawn as the leader of a new session whose
/// controlling terminal is the PTY. No fork from managed code: glibc's posix_spawn uses a vfork-like
/// clone, and the child runs only the file actions below before exec.
/// </summary>
internal static unsafe class Spawner
{
    private const int PtsNameBytes = 128;

    /// <summary>Returns the master fd (non-blocking, close-on-exec) and the child's pid.</summary>
    internal static (int Master, int Pid, string SlavePath) Spawn(
        string executable, IReadOnlyList<string> argv, IReadOnlyList<string> environment, string workingDirectory, int cols, int rows)
    {
        // No slave fd is ever opened in the parent: a parent copy would keep the PTY open and EOF/EIO would never come.
        var master = LibC.PosixOpenPt(LibC.ORdWr | LibC.ONoCtty | LibC.OCloExec | LibC.ONonBlock);
        if (master < 0)
        {
            throw PtyStartException.FromErrno("posix_openpt", Marshal.GetLastPInvokeError());
        }

        try
        {
            if (LibC.GrantPt(master) != 0)
            {
                throw PtyStartException.FromErrno("grantpt", Marshal.GetLastPInvokeError());
            }

            if (LibC.UnlockPt(master) != 0)
            {
                throw PtyStartException.FromErrno("unlockpt", Marshal.GetLastPInvokeError());
            }

            var nameBuffer = stackalloc byte[PtsNameBytes];
            var error = LibC.PtsNameR(master, nameBuffer, PtsNameBytes);
            if (error != 0)
            {
                throw PtyStartException.FromErrno("ptsname_r", error);
            }

            var slavePath = Marshal.PtrToStringUTF8((IntPtr)nameBuffer)!;
            SetWindowSize(master, cols, rows);
            var pid = SpawnChild(executable, argv, environment, workingDirectory, slavePath);
            return (master, pid, slavePath);
        }
        catch
        {
            LibC.Close(master);
            throw;
        }
    }

    internal static void SetWindowSize(int master, int cols, int rows)
    {
        var size = new WinSize { Cols = checked((ushort)cols), Rows = checked((ushort)rows) };
        if (LibC.Ioctl(master, LibC.TiocSWinSz, &size) != 0)
        {
            throw PtyStartException.FromErrno("ioctl(TIOCSWINSZ)", Marshal.GetLastPInvokeError());
        }
    }

    private static int SpawnChild(string executable, IReadOnlyList<string> argv, IReadOnlyList<string> environment, string workingDirectory, string slavePath)
    {
        var attributes = (byte*)NativeMemory.AllocZeroed(LibC.SpawnAttrBytes);
        var actions = (byte*)NativeMemory.AllocZeroed(LibC.FileActionsBytes);
        var signals = (byte*)NativeMemory.AllocZeroed(LibC.SigSetBytes);
        using var strings = new Utf8Strings();
        try
        {
            Check("posix_spawnattr_init", LibC.SpawnAttrInit(attributes));
            Check("posix_spawn_file_actions_init", LibC.FileActionsInit(actions));
            try
            {
                var flags = (short)(LibC.SpawnSetSid | LibC.SpawnSetSigMask | LibC.SpawnSetSigDef);
                if (OperatingSystem.IsMacOS())
                {
                    // POSIX_SPAWN_CLOEXEC_DEFAULT: Darwin has no addclosefrom_np.
                    flags |= 0x4000;
                }

                Check("posix_spawnattr_setflags", LibC.SpawnAttrSetFlags(attributes, flags));

                // An empty mask, and every signal back to its default: .NET ignores SIGPIPE, and a child
                // inheriting that would not die when its reader goes away.
                LibC.SigEmptySet(signals);
                Check("posix_spawnattr_setsigmask", LibC.SpawnAttrSetSigMask(attributes, signals));
                LibC.SigFillSet(signals);
                Check("posix_spawnattr_setsigdefault", LibC.SpawnAttrSetSigDefault(attributes, signals));

                // Order matters: chdir first (a missing directory fails the spawn with ENOENT), then the slave
                // opened without O_NOCTTY as fd 0 so that, after setsid, it becomes the controlling terminal.
                Check("addchdir_np", LibC.FileActionsAddChdir(actions, strings.Add(workingDirectory)));
                Check("addopen", LibC.FileActionsAddOpen(actions, 0, strings.Add(slavePath), LibC.ORdWr, 0));
                Check("adddup2", LibC.FileActionsAddDup2(actions, 0, 1));
                Check("adddup2", LibC.FileActionsAddDup2(actions, 0, 2));
                if (!OperatingSystem.IsMacOS())
                {
                    Check("addclosefrom_np", LibC.FileActionsAddCloseFrom(actions, 3));
                }

                var argvBlock = strings.AddArray(argv);
                var envBlock = strings.AddArray(environment);
                int pid;
                var error = LibC.PosixSpawn(&pid, strings.Add(executable), actions, attributes, argvBlock, envBlock);
                if (error != 0)
                {
                    throw error == LibC.ENOENT
                        ? new PtyStartException($"Cannot start '{executable}' in '{workingDirectory}': the program or the directory does not exist.", error)
                        : PtyStartException.FromErrno($"posix_spawn '{executable}'", error);
                }

                return pid;
            }
            finally
            {
                _ = LibC.FileActionsDestroy(actions);
                _ = LibC.SpawnAttrDestroy(attributes);
            }
        }
        finally
        {
            NativeMemory.Free(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(signals);
        }
    }

    private static void Check(string what, int error)
    {
        if (error != 0)
        {
            throw PtyStartException.FromErrno(what, error);
        }
    }

    /// <summary>NUL-terminated UTF-8 copies in native memory, freed together.</summary>
    private sealed class Utf8Strings : IDisposable
    {
        private readonly List<IntPtr> _blocks = [];

        public byte* Add(string value)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            var block = (byte*)NativeMemory.Alloc((nuint)count + 1);
            _blocks.Add((IntPtr)block);
            Encoding.UTF8.GetBytes(value, new Span<byte>(block, count));
            block[count] = 0;
            return block;
        }

        public byte** AddArray(IReadOnlyList<string> values)
        {
            var array = (byte**)NativeMemory.AllocZeroed((nuint)(values.Count + 1), (nuint)sizeof(byte*));
            _blocks.Add((IntPtr)array);
            for (var i = 0; i < values.Count; i++)
            {
                array[i] = Add(values[i]);
            }

            return array;
        }

        public void Dispose()
        {
            foreach (var block in _blocks)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }
}
