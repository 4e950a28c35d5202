namespace DeskMirror.Server.Projects;

/// <summary>The directory is already a project (answered 409).</summary>
public sealed class ProjectConflictException : ArgumentException
{
    /// <summary>Creates the exception with a readable message.</summary>
    public ProjectConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an empty exception.</summary>
    public ProjectConflictException()
    {
    }

    /// <summary>Creates the exception with an inner one.</summary>
    public ProjectConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
