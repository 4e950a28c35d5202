namespace DeskMirror.Web.Internal;

/// <summary>
/// Lists folders for the desktop's "add project" dialog. Only the desktop circuit uses it (the component
/// checks the mode), so the mirror never sees the host's file system.
/// </summary>
internal static class DirectoryBrowser
{
    /// <summary>Most entries listed for one folder; a huge folder shows the first ones by name.</summary>
    public const int MaxEntries = 500;

    public static string Home
        => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? home : Path.GetPathRoot(Environment.CurrentDirectory) ?? "/";

    /// <summary>The subfolders of <paramref name="path"/>; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public static DirectoryListing List(string path, bool showHidden)
    {
        var full = Path.GetFullPath(Environment.ExpandEnvironmentVariables(ExpandHome(path.Trim())));
        var info = new DirectoryInfo(full);
        if (!info.Exists)
        {
            throw new DirectoryNotFoundException(full);
        }

        var options = new EnumerationOptions
        {
            IgnoreInaccessible = true,
            AttributesToSkip = showHidden ? FileAttributes.System : FileAttributes.Hidden | FileAttributes.System,
            RecurseSubdirectories = false,
        };
        var names = info.EnumerateDirectories("*", options)
            .Select(d => d.Name)
            .Where(n => showHidden || !n.StartsWith('.'))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Take(MaxEntries + 1)
            .ToList();
        var truncated = names.Count > MaxEntries;
        if (truncated)
        {
            names.RemoveAt(names.Count - 1);
        }

        return new DirectoryListing(info.FullName, info.Parent?.FullName, names, truncated);
    }

    private static string ExpandHome(string path)
        => path == "~" ? Home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Join(Home, path[2..]) : path;
}

/// <summary>One folder's subfolders, as the folder browser shows them.</summary>
internal sealed record DirectoryListing(string Path, string? Parent, IReadOnlyList<string> Folders, bool Truncated);
