namespace DeskMirror.Server.Changes;

/// <summary>An expected failure of a Changes request, with a sentence a person can act on.</summary>
public sealed record ChangesFailure(ChangesFailureKind Kind, string Message);
