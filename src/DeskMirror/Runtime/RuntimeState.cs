namespace DeskMirror.Runtime;

/// <summary>
/// What a running desktop writes to its data folder so <c>deskmirror status</c>, <c>deskmirror pair</c> and a
/// later start can find it. <see cref="ProcessStartTicks"/> guards against a recycled pid.
/// </summary>
internal sealed record RuntimeState
{
    public required int Pid { get; init; }

    /// <summary>The process start time in clock ticks since boot (Linux /proc/PID/stat field 22); 0 where unknown.</summary>
    public long ProcessStartTicks { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required int DesktopPort { get; init; }

    public required int MirrorListenerPort { get; init; }

    /// <summary>The LAN mirror port while the proxy serves; null while the mirror is off or failed.</summary>
    public int? MirrorPort { get; init; }

    public string? BindAddress { get; init; }

    /// <summary>Authenticates <c>deskmirror pair</c> and <c>status</c> to the control endpoint; this is why the file is 0600.</summary>
    public required string ControlSecret { get; init; }

    public string? Version { get; init; }
}
