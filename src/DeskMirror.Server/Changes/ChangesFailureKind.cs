namespace DeskMirror.Server.Changes;

/// <summary>Why a Changes request could not be answered; each maps to one HTTP status.</summary>
public enum ChangesFailureKind
{
    /// <summary>No project has that id (404).</summary>
    ProjectNotFound,

    /// <summary>The project's folder is not inside a git work tree, or is gone (404).</summary>
    NotAWorkTree,

    /// <summary>The <c>path</c> is missing, absolute, has <c>..</c>, goes through a symbolic link, or is too long (400).</summary>
    InvalidPath,

    /// <summary>The <c>path</c> is not one of the changed files (404).</summary>
    NotChanged,

    /// <summary>The git executable could not be started (503).</summary>
    GitMissing,

    /// <summary>git ran longer than <see cref="ChangesOptions.GitTimeout"/> (504).</summary>
    TimedOut,

    /// <summary>git failed for another reason; the message carries its error (500).</summary>
    GitFailed,
}
