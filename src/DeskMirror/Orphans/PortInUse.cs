namespace DeskMirror.Orphans;

/// <summary>The one line that says why a port cannot be had, naming its holder when it can be seen.</summary>
internal static class PortInUse
{
    /// <summary>
    /// "port 4096 is held by python3 (pid 4711); choose another with --port", or, when no holder is visible
    /// (another user's process, or connections of an earlier run still closing), what to do about it.
    /// </summary>
    /// <param name="option">The flag that chooses another, e.g. <c>--port</c>.</param>
    public static async Task<string> DescribeAsync(int port, string option, CancellationToken cancellationToken = default)
        => await PortHolderFinder.FindAsync(port, cancellationToken) is { } holder
            ? $"port {port} is held by {holder}; choose another with {option}"
            : $"port {port} is in use (by another user's process, or by connections of an earlier run that are still closing); wait a minute or choose another with {option}";
}
