using System.Diagnostics;
using System.Globalization;
using DeskMirror.Internal;

namespace DeskMirror.Orphans;

/// <summary>
/// Finds which process listens on a TCP port. Linux: the listening socket's inode from
/// <c>/proc/net/tcp</c> and <c>tcp6</c>, then the process whose <c>/proc/PID/fd</c> links to
/// <c>socket:[inode]</c>. macOS: <c>lsof</c>. Processes of other users cannot be inspected; then the
/// holder is unknown.
/// </summary>
internal static class PortHolderFinder
{
    /// <summary>The process holding <paramref name="port"/>, or null when none can be seen.</summary>
    public static async Task<PortHolder?> FindAsync(int port, CancellationToken cancellationToken = default)
    {
        if (OperatingSystem.IsLinux())
        {
            return FindOnLinux(port);
        }

        if (OperatingSystem.IsMacOS())
        {
            return await FindWithLsofAsync(port, cancellationToken);
        }

        return null;
    }

    private static PortHolder? FindOnLinux(int port)
    {
        var inodes = new HashSet<long>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            try
            {
                foreach (var (_, inode) in ProcNetTcp.FindListeners(File.ReadAllText(table), port))
                {
                    inodes.Add(inode);
                }
            }
            catch (IOException)
            {
                // No IPv6 in this kernel.
            }
        }

        if (inodes.Count == 0)
        {
            return null;
        }

        var targets = inodes.Select(i => $"socket:[{i}]").ToHashSet(StringComparer.Ordinal);
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            if (HoldsAny(folder, targets))
            {
                var info = ProcessInfo.Read(pid);
                return new PortHolder(pid, info?.Name ?? "unknown", info);
            }
        }

        return null;
    }

    private static bool HoldsAny(string processFolder, HashSet<string> targets)
    {
        try
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(processFolder, "fd")))
            {
                if (new FileInfo(fd).LinkTarget is { } target && targets.Contains(target))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's process, or it ended while we looked.
        }

        return false;
    }

    private static async Task<PortHolder?> FindWithLsofAsync(int port, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("lsof", ["-nP", $"-iTCP:{port}", "-sTCP:LISTEN", "-Fpc"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var lsof = Process.Start(start)!;
            var output = await lsof.StandardOutput.ReadToEndAsync(cancellationToken);
            await lsof.WaitForExitAsync(cancellationToken);
            int? pid = null;
            foreach (var line in output.Split('\n'))
            {
                if (line.StartsWith('p') && int.TryParse(line.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var p))
                {
                    pid = p;
                }
                else if (line.StartsWith('c') && pid is { } found)
                {
                    return new PortHolder(found, line[1..], ProcessInfo.Read(found));
                }
            }

            return pid is { } only ? new PortHolder(only, "unknown", ProcessInfo.Read(only)) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
