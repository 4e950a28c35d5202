namespace DeskMirror.Server.Sessions;

/// <summary>Limits of the session manager. Every default is documented; all are validated at start.</summary>
public sealed class SessionOptions
{
    /// <summary>Largest column or row count a session accepts (create and resize).</summary>
    public const int MaxDimension = 1000;

    /// <summary>
    /// Folder of the per-session output logs (<c>{id}.log</c>). Default null: <c>sessions/</c> next to the database.
    /// Logs are append-only and not capped: a session that writes 1 GiB leaves 1 GiB on disk until it is removed.
    /// </summary>
    public string? LogDirectory { get; set; }

    /// <summary>
    /// Recent output kept in memory per running session, for replays without disk reads. Default 1 MiB.
    /// Larger costs that much memory for every running session; smaller sends more replays to the log file.
    /// </summary>
    public int RingBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// A viewer whose pending send has not completed while this much newer output was produced is dropped
    /// (it may reconnect with <c>from=</c>). Default 8 MiB. Larger tolerates longer network stalls; a
    /// dropped viewer costs nothing, since its bytes stay in the log.
    /// </summary>
    public long ViewerMaxLagBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest output frame sent to a viewer. Default 64 KiB.</summary>
    public int FrameBytes { get; set; } = 64 * 1024;

    /// <summary>Largest input accepted at once (HTTP body or WebSocket message). Default 64 KiB; more is 413.</summary>
    public int MaxInputBytes { get; set; } = 64 * 1024;

    /// <summary>Largest <c>POST /session</c> body. Default 64 KiB.</summary>
    public int MaxCreateBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The shell a terminal session runs as a login shell (<c>-l</c>). Default null: <c>$SHELL</c>, else <c>/bin/sh</c>.
    /// </summary>
    public string? TerminalShell { get; set; }

    /// <summary>Time between SIGHUP and SIGKILL when a session is stopped. Default 3 seconds.</summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Sessions running at once; one more is refused with 409. Default 64.</summary>
    public int MaxRunningSessions { get; set; } = 64;

    /// <summary>Default terminal width when the request gives none. Default 80.</summary>
    public int DefaultCols { get; set; } = 80;

    /// <summary>Default terminal height when the request gives none. Default 24.</summary>
    public int DefaultRows { get; set; } = 24;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(RingBytes, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(ViewerMaxLagBytes, 64 * 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(FrameBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxInputBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCreateBodyBytes, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(StopGrace, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRunningSessions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultCols, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DefaultCols, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultRows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DefaultRows, MaxDimension);
    }
}
