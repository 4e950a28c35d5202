using System.Runtime.InteropServices;

namespace DeskMirror.Server.Storage.Internal;

/// <summary>
/// The process's file-creation mask. DeskMirror runs with 077 so every file and folder it creates (the database
/// and SQLite's side files, session logs, keys) is private to this user even where no explicit mode is given.
/// A laxer mask found at start is remembered once, to be reported in the log. The mask found is also kept as
/// <see cref="Original"/>: programs started for the user (sessions) get it back, so what they create in a
/// project is what the user's own shell would create.
/// </summary>
internal static partial class ProcessUmask
{
    /// <summary>No group or other permission on anything created: 0077.</summary>
    public const int Private = 0x3F;

    private static readonly Lock Gate = new();
    private static int? _unreported;
    private static int? _original;

    /// <summary>
    /// The mask the process had before <see cref="Restrict"/> set 0077, which the programs DeskMirror starts for the
    /// user must run with; null while DeskMirror has not changed it (nothing to give back).
    /// </summary>
    public static int? Original
    {
        get
        {
            lock (Gate)
            {
                return _original;
            }
        }
    }

    /// <summary>Sets the mask to 0077; a previous mask that let group or others read or write is kept for <see cref="TakeUnreported"/>.</summary>
    public static void Restrict()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var previous = Exchange(Private);
        lock (Gate)
        {
            // Finding 0077 means this process set it before (another start in the same process) or the user runs
            // with it: either way the mask to give back is the one already known.
            if (previous != Private)
            {
                _original = previous;
            }

            if ((previous & Private) != Private)
            {
                _unreported ??= previous;
            }
        }
    }

    /// <summary>The lax mask found by <see cref="Restrict"/> and not yet reported, once.</summary>
    public static int? TakeUnreported()
    {
        lock (Gate)
        {
            var value = _unreported;
            _unreported = null;
            return value;
        }
    }

    /// <summary>Sets <paramref name="mask"/> and returns the previous one (permission bits only).</summary>
    internal static int Exchange(int mask) => (int)(NativeUmask((uint)mask) & 0x1FF);

    /// <summary>Octal, as a shell prints it: <c>0022</c>.</summary>
    public static string Format(int mask) => "0" + Convert.ToString(mask, 8).PadLeft(3, '0');

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint NativeUmask(uint mask);
}
