namespace DeskMirror.Server.Changes.Internal;

/// <summary>How one git run ended.</summary>
internal enum GitRunStatus
{
    /// <summary>git ran and exited (or was stopped at the output cap); the exit code is meaningful unless the output was cut.</summary>
    Exited,

    /// <summary>The executable could not be started (not installed, not on PATH).</summary>
    NotStarted,

    /// <summary>git ran longer than the timeout and was killed.</summary>
    TimedOut,
}
