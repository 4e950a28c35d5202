namespace DeskMirror.Server.Sessions;

/// <summary>Body of <c>POST /session</c>.</summary>
public sealed record CreateSessionRequest(
    string ProjectId,
    SessionKind Kind,
    string? Command,
    string? Title,
    bool MirrorInput,
    int? Cols,
    int? Rows);
