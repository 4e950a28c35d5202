namespace DeskMirror.Server.Changes.Internal;

/// <summary>
/// Checks the <c>path</c> of a diff request before anything reads the disk: it must be a file of the work tree
/// written as the list writes it (relative, <c>/</c>-separated), never a way out of it.
/// </summary>
internal static class ChangePaths
{
    /// <summary>Longest path accepted.</summary>
    public const int MaxLength = 4096;

    /// <summary>Null when <paramref name="path"/> has the right shape; otherwise the sentence to answer with 400.</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "Give the file as ?path=<path>, relative to the work tree, exactly as GET /project/{id}/changes lists it.";
        }

        if (path.Length > MaxLength)
        {
            return $"The path is longer than {MaxLength} characters.";
        }

        if (path.Any(char.IsControl))
        {
            return "The path contains a control character.";
        }

        if (path[0] == '/' || Path.IsPathRooted(path))
        {
            return $"The path must be relative to the work tree, not absolute: \"{path}\".";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "..")
            {
                return $"The path may not contain \"..\": \"{path}\".";
            }

            if (segment is "" or ".")
            {
                return $"The path has an empty or \".\" part; write it as listed: \"{path}\".";
            }
        }

        return null;
    }

    /// <summary>
    /// True when every folder between <paramref name="topLevel"/> and the file is a real folder (no symbolic link), so
    /// reading the file cannot leave the work tree. The file itself may be a link: it is shown as one, never followed.
    /// </summary>
    public static bool StaysInside(string topLevel, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(topLevel, relativePath));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(topLevel) + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var current = topLevel;
        var segments = relativePath.Split('/');
        foreach (var segment in segments[..^1])
        {
            current = Path.Combine(current, segment);
            var folder = new DirectoryInfo(current);
            if (folder.LinkTarget is not null)
            {
                return false;
            }
        }

        return true;
    }
}
