namespace DeskMirror.Orphans;

/// <summary>Timing of ending an earlier DeskMirror.</summary>
internal sealed class OrphanCleanerOptions
{
    /// <summary>How long SIGTERM may take before SIGKILL. Default 3 s (a clean DeskMirror exits within that).</summary>
    public TimeSpan TermGracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long to wait for the process to vanish after SIGKILL. Default 2 s.</summary>
    public TimeSpan KillWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often to look whether it has gone. Default 50 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
