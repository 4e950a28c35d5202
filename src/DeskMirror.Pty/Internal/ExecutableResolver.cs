namespace DeskMirror.Pty.Internal;

/// <summary>
/// Finds the binary to spawn. posix_spawnp would search the parent's PATH, not the child's environment,
/// so the search happens here against the PATH the child will see.
/// </summary>
internal static class ExecutableResolver
{
    private const string FallbackPath = "/usr/local/bin:/usr/bin:/bin";

    internal static string? Resolve(string fileName, string workingDirectory, string? searchPath)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(fileName, workingDirectory);
            return IsExecutable(full) ? full : null;
        }

        foreach (var directory in (string.IsNullOrEmpty(searchPath) ? FallbackPath : searchPath).Split(':'))
        {
            // An empty PATH entry means the working directory, as in sh.
            var candidate = Path.Combine(directory.Length == 0 ? workingDirectory : directory, fileName);
            if (IsExecutable(candidate))
            {
                return Path.GetFullPath(candidate, workingDirectory);
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path) || OperatingSystem.IsWindows())
        {
            return false;
        }

        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }
}
