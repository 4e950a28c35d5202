namespace DeskMirror.Pty.Internal;

/// <summary>
/// Constants that differ between Linux (checked on glibc x64) and macOS (from the Darwin headers, not run
/// here). Opaque C types are given generous sizes: glibc x64 needs 336 bytes for posix_spawnattr_t, 80 for
/// posix_spawn_file_actions_t and 128 for sigset_t; macOS needs a pointer for the first two.
/// </summary>
internal static unsafe partial class LibC
{
    internal const int SpawnAttrBytes = 1024;
    internal const int FileActionsBytes = 512;
    internal const int SigSetBytes = 256;
    internal const int SigInfoBytes = 256;

    private static readonly bool Mac = OperatingSystem.IsMacOS();

    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int ENOENT = 2;
    internal const int ECHILD = 10;
    internal const int ESRCH = 3;

    internal static int EAGAIN => Mac ? 35 : 11;

    internal const int ORdWr = 2;
    internal static int ONoCtty => Mac ? 0x20000 : 0x100;
    internal static int OCloExec => Mac ? 0x1000000 : 0x80000;
    internal static int ONonBlock => Mac ? 0x4 : 0x800;

    internal static nuint TiocSWinSz => Mac ? 0x80087467 : 0x5414;

    internal static short SpawnSetSid => Mac ? (short)0x0400 : (short)0x80;
    internal const short SpawnSetSigMask = 0x08;
    internal const short SpawnSetSigDef = 0x04;

    internal const int SigHup = 1;
    internal const int SigKill = 9;
    internal static int SigChld => Mac ? 20 : 17;

    internal const int PPid = 1;
    internal const int WExited = 4;
    internal static int WNoWait => Mac ? 0x20 : 0x01000000;

    internal const short PollIn = 0x1;
    internal const short PollOut = 0x4;
}
