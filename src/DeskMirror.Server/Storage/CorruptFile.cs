using System.Globalization;

namespace DeskMirror.Server.Storage;

/// <summary>
/// Sets aside a file that cannot be used, so nothing the user made is lost or overwritten: it is renamed to
/// <c>NAME.corrupt-YYYYMMDDTHHMMSSZ</c> (the UTC time, ISO 8601 basic format, so names sort by time and mean
/// the same in every time zone), with <c>-2</c>, <c>-3</c>, … added when that name is taken.
/// </summary>
public static class CorruptFile
{
    /// <summary>Renames <paramref name="path"/> (and each existing <c>path + suffix</c> with it); returns the new path.</summary>
    /// <param name="companionSuffixes">Files that belong to it and move with it, e.g. SQLite's <c>-wal</c> and <c>-shm</c>.</param>
    public static string SetAside(string path, TimeProvider time, params string[] companionSuffixes)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(companionSuffixes);
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{path}.corrupt-{stamp}";
        for (var n = 2; File.Exists(target); n++)
        {
            target = string.Create(CultureInfo.InvariantCulture, $"{path}.corrupt-{stamp}-{n}");
        }

        File.Move(path, target);
        foreach (var suffix in companionSuffixes)
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, target + suffix);
            }
        }

        return target;
    }
}
