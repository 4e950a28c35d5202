namespace DeskMirror.Server.Changes;

/// <summary>
/// Either the unified diff of one file against HEAD (<see cref="Text"/>; <see cref="Truncated"/> when it was cut and
/// ends with <see cref="DiffMarker.Prefix"/>) or the <see cref="Failure"/> that prevented it.
/// </summary>
public sealed record DiffResult(string? Text, bool Truncated, ChangesFailure? Failure)
{
    public static DiffResult Fail(ChangesFailureKind kind, string message) => new(null, false, new ChangesFailure(kind, message));
}
