namespace DeskMirror.Server.Changes;

/// <summary>Either the project's <see cref="Changes"/> or the <see cref="Failure"/> that prevented them.</summary>
public sealed record ChangesResult(ChangeSet? Changes, ChangesFailure? Failure)
{
    public static ChangesResult Fail(ChangesFailureKind kind, string message) => new(null, new ChangesFailure(kind, message));
}
