using System.Runtime.Versioning;
using DeskMirror.Server.Storage.Internal;

namespace DeskMirror.Server.Storage;

/// <summary>
/// The data folder is private to the user who runs DeskMirror: the folder and every folder in it 0700, every file
/// 0600 — the database, SQLite's <c>-wal</c> and <c>-shm</c>, session logs, signing keys.
/// </summary>
public static class DataFolder
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Sets the process umask to 0077 (once; a laxer one found is reported by the server at start) and creates
    /// <paramref name="path"/> 0700 when it is missing. Call it before anything is written into the folder.
    /// </summary>
    public static void Create(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ProcessUmask.Restrict();
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, OwnerOnlyFolder);
    }

    /// <summary>
    /// Takes group and other permissions off the folder and everything in it (folders keep their owner bits,
    /// files lose execute too), and returns the entries it changed, relative to <paramref name="path"/>
    /// (<c>.</c> for the folder itself). Symbolic links are neither changed nor followed.
    /// </summary>
    internal static IReadOnlyList<string> Tighten(string path)
    {
        var changed = new List<string>();
        if (OperatingSystem.IsWindows() || !Directory.Exists(path))
        {
            return changed;
        }

        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(path));
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            if (TightenOne(folder, OwnerOnlyFolder))
            {
                changed.Add(Path.GetRelativePath(path, folder.FullName));
            }

            foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 }))
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo child)
                {
                    pending.Push(child);
                }
                else if (TightenOne(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite))
                {
                    changed.Add(Path.GetRelativePath(path, entry.FullName));
                }
            }
        }

        return changed;
    }

    [UnsupportedOSPlatform("windows")]
    private static bool TightenOne(FileSystemInfo entry, UnixFileMode ownerBits)
    {
        var mode = entry.UnixFileMode;
        if ((mode & GroupAndOther) == 0)
        {
            return false;
        }

        entry.UnixFileMode = mode & ownerBits;
        return true;
    }
}
