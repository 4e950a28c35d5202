namespace DeskMirror.Server.Sessions;

/// <summary>The expected ways a session operation fails; the HTTP API answers each with one status code.</summary>
public enum SessionErrorKind
{
    /// <summary>No session has this id (404).</summary>
    NotFound,

    /// <summary>The request is invalid: unknown project, no command, a size outside 1–1000… (400).</summary>
    Invalid,

    /// <summary>The session has ended: it takes no input and cannot be resized (409).</summary>
    Ended,

    /// <summary>The session still runs: it must be stopped before it is removed (409).</summary>
    Running,

    /// <summary>As many sessions as <see cref="SessionOptions.MaxRunningSessions"/> are running already (409).</summary>
    TooManyRunning,

    /// <summary>The project's folder does not exist any more, so nothing can start in it (409).</summary>
    ProjectFolderMissing,

    /// <summary>Sessions need a pseudo-terminal, which this operating system does not offer (501).</summary>
    NotSupported,
}
