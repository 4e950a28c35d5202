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
    DateTimeOffset CreatedAt);

/// <summary>A task runs a command; a terminal runs the login shell and is desktop-only.</summary>
public enum SessionKind
{
    Task,
    Terminal,
}

/// <summary>Lifecycle of a session.</summary>
public enum SessionStatus
{
    Running,
    Exited,
    Failed,
    Stopped,
}
