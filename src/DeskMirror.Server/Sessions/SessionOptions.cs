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

    /// <summary>
    /// A viewer that acknowledges what it has drawn (<c>credit</c>) is sent at most this much beyond it. Default
    /// 256 KiB: what a slow phone parses in well under a second, so what it shows is never far behind.
    /// </summary>
    public int ViewerWindowBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// A viewer this far behind the output is not sent the backlog: it gets a fresh snapshot and goes on live
    /// from there. Default 4 MiB.
    /// </summary>
    public long ViewerCatchUpBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Whether a running session's output is followed by the server's screen (snapshots for viewers, <c>/screen</c>,
    /// bells and notifications). Default true. Off, viewers and <c>/screen</c> get a screen rebuilt from the end of the
    /// log each time, and no bell or notification is seen; it exists to measure what the screen costs.
    /// </summary>
    public bool FollowScreen { get; set; } = true;

    /// <summary>Scrollback lines in a viewer's snapshot. Default 1,000 (the browser keeps 10,000).</summary>
    public int SnapshotScrollbackLines { get; set; } = 1000;

    /// <summary>Scrollback lines the server's screen keeps per session. Default 5,000 (12 bytes per cell written).</summary>
    public int ScreenScrollbackLines { get; set; } = 5000;

    /// <summary>
    /// The screen of a session from before a restart is rebuilt, when first asked for, from this much of the end
    /// of its log. Default 4 MiB: bounded work (tens of milliseconds); a program that switched modes before it may
    /// show slightly differently than it did live.
    /// </summary>
    public long ScreenRebuildBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Screens of ended sessions kept in memory; the oldest is let go (and rebuilt from the log if asked for). Default 16.</summary>
    public int MaxEndedScreens { get; set; } = 16;

    /// <summary><c>GET /session/{id}/screen</c> waits at most this long for the screen to catch up with the output. Default 2 seconds.</summary>
    public TimeSpan ScreenCatchUpTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>PTY reads closer in time than this share one timeline entry of the recording. Default 10 ms.</summary>
    public TimeSpan RecordingResolution { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Attention detection (<c>attention.*</c>).</summary>
    public AttentionOptions Attention { get; set; } = new();

    /// <summary>Every invalid value, each naming its option; empty when all are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ViewerWindowBytes < 4096)
        {
            errors.Add("SessionOptions.ViewerWindowBytes must be at least 4096.");
        }

        if (ViewerCatchUpBytes < ViewerWindowBytes)
        {
            errors.Add("SessionOptions.ViewerCatchUpBytes must be at least ViewerWindowBytes.");
        }

        if (SnapshotScrollbackLines < 0 || SnapshotScrollbackLines > ScreenScrollbackLines)
        {
            errors.Add("SessionOptions.SnapshotScrollbackLines must be between 0 and ScreenScrollbackLines.");
        }

        if (ScreenScrollbackLines is < 0 or > DeskMirror.Terminal.TerminalOptions.MaxScrollbackLines)
        {
            errors.Add($"SessionOptions.ScreenScrollbackLines must be between 0 and {DeskMirror.Terminal.TerminalOptions.MaxScrollbackLines}.");
        }

        if (ScreenRebuildBytes < 4096)
        {
            errors.Add("SessionOptions.ScreenRebuildBytes must be at least 4096.");
        }

        if (MaxEndedScreens < 0)
        {
            errors.Add("SessionOptions.MaxEndedScreens must not be negative.");
        }

        if (ScreenCatchUpTimeout < TimeSpan.Zero || RecordingResolution < TimeSpan.Zero)
        {
            errors.Add("SessionOptions.ScreenCatchUpTimeout and RecordingResolution must not be negative.");
        }

        if (RingBytes < 4096)
        {
            errors.Add("SessionOptions.RingBytes must be at least 4096.");
        }

        if (ViewerMaxLagBytes < 64 * 1024)
        {
            errors.Add("SessionOptions.ViewerMaxLagBytes must be at least 65536.");
        }

        if (FrameBytes < 1024)
        {
            errors.Add("SessionOptions.FrameBytes must be at least 1024.");
        }

        if (MaxInputBytes < 1 || MaxCreateBodyBytes < 1024)
        {
            errors.Add("SessionOptions.MaxInputBytes must be at least 1 and MaxCreateBodyBytes at least 1024.");
        }

        if (StopGrace < TimeSpan.Zero)
        {
            errors.Add("SessionOptions.StopGrace must not be negative.");
        }

        if (MaxRunningSessions < 1)
        {
            errors.Add("SessionOptions.MaxRunningSessions must be at least 1.");
        }

        if (DefaultCols is < 1 or > MaxDimension || DefaultRows is < 1 or > MaxDimension)
        {
            errors.Add($"SessionOptions.DefaultCols and DefaultRows must be between 1 and {MaxDimension}.");
        }

        Attention.Validate(errors);
        return errors;
    }
}
