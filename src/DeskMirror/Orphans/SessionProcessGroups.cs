using DeskMirror.Internal;

namespace DeskMirror.Orphans;

/// <summary>
/// The session process groups of a desktop, found in the process table without its cooperation: every session
/// runs in a terminal session of its own, led by a child of the desktop whose session id is its own pid (and
/// whose group id is the same). Linux only (<c>/proc</c>); empty elsewhere.
/// </summary>
internal static class SessionProcessGroups
{
    /// <summary>The process groups led by children of <paramref name="desktopPid"/> that started sessions of their own (zombie leaders included: their groups may still have members).</summary>
    public static IReadOnlyList<int> Of(int desktopPid)
        => ProcessInfo.ReadAll()
            .Where(p => p.ParentPid == desktopPid && p.Session == p.Pid && p.ProcessGroup == p.Pid)
            .Select(p => p.Pid)
            .ToList();

    /// <summary>Members of <paramref name="groups"/> that still run (zombies do not count: they hold nothing but a pid).</summary>
    public static IReadOnlyList<int> LiveMembers(IReadOnlyCollection<int> groups)
        => groups.Count == 0
            ? []
            : ProcessInfo.ReadAll().Where(p => !p.IsZombie && groups.Contains(p.ProcessGroup)).Select(p => p.Pid).ToList();
}
