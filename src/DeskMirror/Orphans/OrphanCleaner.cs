using DeskMirror.Internal;
using DeskMirror.Runtime;

namespace DeskMirror.Orphans;

/// <summary>
/// Frees the mirror port from an earlier DeskMirror that did not exit, and from nothing else. A holder is
/// ours only when both agree: its command line runs DeskMirror, and the runtime state file this instance
/// found at start names that pid (and its start time) with that mirror port.
/// </summary>
internal sealed class OrphanCleaner
{
    private readonly RuntimeState? _previousState;
    private readonly OrphanCleanerOptions _options;

    public OrphanCleaner(RuntimeState? previousState, OrphanCleanerOptions? options = null)
    {
        _previousState = previousState;
        _options = options ?? new OrphanCleanerOptions();
    }

    /// <summary>Finds the holder of <paramref name="port"/> and ends it when it is an earlier DeskMirror.</summary>
    public async Task<OrphanCleanupResult> TryFreeAsync(int port, CancellationToken cancellationToken = default)
    {
        var holder = await PortHolderFinder.FindAsync(port, cancellationToken);
        if (holder is null)
        {
            // No listener is visible: another user's process holds it, or connections of an earlier run are still
            // closing (TIME_WAIT), which ends within a minute.
            return new OrphanCleanupResult(false, null, $"port {port} is in use (by another user's process, or by connections of an earlier run that are still closing); wait a minute or choose another with --port");
        }

        if (!IsEarlierDeskMirror(holder, port))
        {
            return new OrphanCleanupResult(false, holder, $"port {port} is held by {holder}; choose another with --port");
        }

        await EndAsync(holder.Pid, cancellationToken);
        return new OrphanCleanupResult(true, holder, $"ended an earlier DeskMirror (pid {holder.Pid}) that still held port {port}");
    }

    /// <summary>Command line and state file agree (pid, start time, mirror port); the holder is not this process.</summary>
    public bool IsEarlierDeskMirror(PortHolder holder, int port)
        => holder.Pid != Environment.ProcessId
            && holder.Process is { LooksLikeDeskMirror: true } process
            && _previousState is { } state
            && state.Pid == holder.Pid
            && (state.ProcessStartTicks == 0 || state.ProcessStartTicks == process.StartTicks)
            && state.MirrorPort == port;

    /// <summary>
    /// SIGTERM, and SIGCONT so a stopped process can act on it; up to the grace period; then SIGKILL.
    /// A killed child of someone else stays a zombie until reaped, but a zombie holds no sockets.
    /// </summary>
    private async Task EndAsync(int pid, CancellationToken cancellationToken)
    {
        Libc.Kill(pid, Libc.SigTerm);
        Libc.Kill(pid, Libc.SigCont);
        if (await WaitGoneAsync(pid, _options.TermGracePeriod, cancellationToken))
        {
            return;
        }

        Libc.Kill(pid, Libc.SigKill);
        await WaitGoneAsync(pid, _options.KillWait, cancellationToken);
    }

    private async Task<bool> WaitGoneAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _options.TimeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * _options.TimeProvider.TimestampFrequency);
        while (ProcessInfo.Read(pid) is { IsZombie: false })
        {
            if (_options.TimeProvider.GetTimestamp() >= deadline)
            {
                return false;
            }

            // No event tells when another process exits; poll.
            await Task.Delay(_options.PollInterval, _options.TimeProvider, cancellationToken);
        }

        return true;
    }
}
