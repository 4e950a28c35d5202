using DeskMirror.Internal;
using DeskMirror.Runtime;

namespace DeskMirror.Orphans;

/// <summary>
/// Ends a desktop that does not answer (hung, or stopped with SIGSTOP) together with its sessions, so no
/// session's job is left behind reparented to PID 1. The session groups are found first, while they are still
/// the desktop's children; then the desktop gets SIGTERM and SIGCONT (a desktop that wakes up stops cleanly)
/// and every group SIGHUP, as a normal stop would send; after the grace whatever remains gets SIGKILL.
/// </summary>
internal sealed class HungDesktop(HungDesktopOptions? options = null)
{
    private readonly HungDesktopOptions _options = options ?? new HungDesktopOptions();

    /// <summary>Ends the desktop <paramref name="state"/> names, if it is still that process; returns the line to show.</summary>
    public async Task<string> EndAsync(RuntimeState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!RuntimeStateFile.IsAlive(state))
        {
            return $"the earlier DeskMirror (pid {state.Pid}) has exited";
        }

        var groups = SessionProcessGroups.Of(state.Pid);
        LibC.Kill(state.Pid, LibC.SigTerm);
        LibC.Kill(state.Pid, LibC.SigCont);
        foreach (var group in groups)
        {
            LibC.Kill(-group, LibC.SigHup);
            LibC.Kill(-group, LibC.SigCont);
        }

        var killed = false;
        if (!await WaitGoneAsync(state.Pid, groups, _options.StopGrace, cancellationToken))
        {
            killed = true;
            foreach (var group in groups)
            {
                LibC.Kill(-group, LibC.SigKill);
            }

            LibC.Kill(state.Pid, LibC.SigKill);
            await WaitGoneAsync(state.Pid, groups, _options.KillWait, cancellationToken);
        }

        var sessions = groups.Count == 1 ? "1 session" : $"{groups.Count} sessions";
        return $"ended the earlier DeskMirror (pid {state.Pid}) that did not answer, and its {sessions}{(killed ? " (SIGKILL after the grace period)" : "")}";
    }

    private async Task<bool> WaitGoneAsync(int pid, IReadOnlyList<int> groups, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var startedAt = _options.TimeProvider.GetTimestamp();
        while (ProcessInfo.Read(pid) is { IsZombie: false } || SessionProcessGroups.LiveMembers(groups).Count > 0)
        {
            if (_options.TimeProvider.GetElapsedTime(startedAt) >= timeout)
            {
                return false;
            }

            await Task.Delay(_options.PollInterval, _options.TimeProvider, cancellationToken);
        }

        return true;
    }
}
