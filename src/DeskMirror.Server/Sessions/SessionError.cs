namespace DeskMirror.Server.Sessions;

/// <summary>An expected failure of a session operation: what kind, and a sentence for a person saying what to do.</summary>
public sealed record SessionError(SessionErrorKind Kind, string Message)
{
    internal static SessionError NotFound(string id) => new(SessionErrorKind.NotFound, $"There is no session with id '{id}'.");

    internal static SessionError Invalid(string message) => new(SessionErrorKind.Invalid, message);
}
