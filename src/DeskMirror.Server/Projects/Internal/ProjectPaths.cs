namespace DeskMirror.Server.Projects.Internal;

/// <summary>Checks and normalises a project path, with messages a person can act on.</summary>
internal static class ProjectPaths
{
    /// <summary>Longest path accepted.</summary>
    public const int MaxPathLength = 4096;

    public static string Normalise(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("Give the project's directory as \"path\", e.g. {\"path\": \"/home/me/code/app\"}.");
        }

        if (path.Length > MaxPathLength)
        {
            throw new ArgumentException($"The path is longer than {MaxPathLength} characters.");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The path contains a NUL character.");
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new ArgumentException($"The path must be absolute (start at the root, e.g. /home/me/code/app): \"{path}\".");
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(full))
        {
            throw new ArgumentException($"\"{full}\" is a file, not a directory.");
        }

        if (!Directory.Exists(full))
        {
            throw new ArgumentException($"\"{full}\" does not exist.");
        }

        return full;
    }

    public static string NameOf(string fullPath)
    {
        var name = Path.GetFileName(fullPath);
        return string.IsNullOrEmpty(name) ? fullPath : name;
    }
}
