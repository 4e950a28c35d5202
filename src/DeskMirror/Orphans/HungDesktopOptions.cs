using DeskMirror.Server.Sessions;

namespace DeskMirror.Orphans;

/// <summary>Timing of ending a desktop that does not answer.</summary>
internal sealed class HungDesktopOptions
{
    /// <summary>
    /// Between SIGHUP (and SIGTERM to the desktop) and SIGKILL. Default: a session's own stop grace
    /// (<see cref="SessionOptions.StopGrace"/>, 3 s) plus 1 s, so a desktop that wakes up can run its own stop
    /// sequence, and a job that handles SIGHUP gets at least the time a normal stop gives it.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = new SessionOptions().StopGrace + TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for everything to vanish after SIGKILL. Default 2 s.</summary>
    public TimeSpan KillWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often to look whether they have gone (no event tells when another process exits). Default 50 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
