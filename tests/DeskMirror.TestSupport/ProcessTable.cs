namespace DeskMirror.TestSupport;

/// <summary>Questions about the process table, answered from <c>/proc</c> (Linux).</summary>
public static class ProcessTable
{
    /// <summary>Exists and is neither a zombie nor dead.</summary>
    public static bool IsAlive(int pid) => ProcStat.Read(pid) is { IsLive: true };

    /// <summary>The state letter (R, S, T, Z, …), or null when the pid is gone.</summary>
    public static char? State(int pid) => ProcStat.Read(pid)?.State;

    /// <summary>Every live descendant of <paramref name="pid"/> (children, grandchildren, …).</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var live = ProcStat.ReadAll().Where(p => p.IsLive).ToList();
        var found = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var child in live.Where(p => p.ParentPid == current))
            {
                found.Add(child.Pid);
                queue.Enqueue(child.Pid);
            }
        }

        return found;
    }

    /// <summary>Live processes in any of the given sessions, wherever they were reparented.</summary>
    public static IReadOnlyList<ProcStat> InSessions(IReadOnlyCollection<int> sessions)
        => ProcStat.ReadAll().Where(p => p.IsLive && sessions.Contains(p.Session)).ToList();

    /// <summary>Children of <paramref name="parent"/> that are zombies.</summary>
    public static IReadOnlyList<int> ZombieChildrenOf(int parent)
        => ProcStat.ReadAll().Where(p => p.ParentPid == parent && !p.IsLive).Select(p => p.Pid).ToList();

    /// <summary>Waits until the pid is gone or a zombie (no event exists for another process's end).</summary>
    public static Task WaitGoneAsync(int pid, string what, TimeSpan? timeout = null)
        => Poll.UntilAsync(() => !IsAlive(pid), what, timeout);

    /// <summary>Open file descriptors of this process whose target starts with one of <paramref name="prefixes"/>.</summary>
    public static int CountOwnDescriptors(params string[] prefixes)
    {
        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && prefixes.Any(p => target.StartsWith(p, StringComparison.Ordinal)))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return count;
    }
}
