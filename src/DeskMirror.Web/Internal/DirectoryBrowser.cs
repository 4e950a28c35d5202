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

    /// <summary>
    /// The absolute, normalised form of a typed path (as projects store it): <c>~</c> and environment
    /// variables expanded, a relative path taken from <paramref name="relativeTo"/> (else the home folder).
    /// Null when it cannot be a path at all (empty, a NUL character).
    /// </summary>
    public static string? Resolve(string? path, string? relativeTo = null)
    {
        var text = path?.Trim();
        if (string.IsNullOrEmpty(text) || text.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var expanded = Environment.ExpandEnvironmentVariables(ExpandHome(text));
        try
        {
            var full = Path.IsPathFullyQualified(expanded) ? Path.GetFullPath(expanded) : Path.GetFullPath(expanded, relativeTo ?? Home);
            return Path.TrimEndingDirectorySeparator(full);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>The subfolders of <paramref name="path"/>; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</summary>
    public static DirectoryListing List(string path, bool showHidden, string? relativeTo = null)
    {
        var full = Resolve(path, relativeTo) ?? throw new DirectoryNotFoundException(path);
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
