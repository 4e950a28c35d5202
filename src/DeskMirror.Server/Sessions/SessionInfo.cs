using System.Text.Json.Serialization;

namespace DeskMirror.Server.Sessions;

/// <summary>A session as the API and the UI see it.</summary>
public sealed record SessionInfo(
    string Id,
    string ProjectId,
    SessionKind Kind,
    string? Command,
    string Title,
    SessionStatus Status,
    int? ExitCode,
    bool MirrorInput,
    DateTimeOffset CreatedAt)
{
    /// <summary>Why the session failed or was stopped, in words for a person; null while running or after a clean exit.</summary>
    public string? Reason { get; init; }

    /// <summary>When the session's process ended; null while running.</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>Width of the session's terminal in cells; every viewer draws this grid. Changes raise <c>session.resized</c>.</summary>
    public int Cols { get; init; } = 80;

    /// <summary>Height of the session's terminal in rows.</summary>
    public int Rows { get; init; } = 24;

    /// <summary>Why the session needs its person, or null; set by the server, cleared by input, new output after idle, or a person opening it.</summary>
    public SessionAttention? Attention { get; init; }
}

/// <summary>A task runs a command; a terminal runs the login shell and is desktop-only.</summary>
[JsonConverter(typeof(SessionKindJsonConverter))]
public enum SessionKind
{
    Task,
    Terminal,
}

/// <summary>
/// Lifecycle of a session: <c>running</c>; <c>exited</c> when the command ended on its own (any exit code);
/// <c>failed</c> when it could not run (not found, not executable, spawn error), died by a signal nobody here
/// sent, or was running when the server died; <c>stopped</c> when a user or the server's shutdown ended it.
/// </summary>
[JsonConverter(typeof(SessionStatusJsonConverter))]
public enum SessionStatus
{
    Running,
    Exited,
    Failed,
    Stopped,
}
