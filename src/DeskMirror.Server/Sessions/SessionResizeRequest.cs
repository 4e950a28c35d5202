namespace DeskMirror.Server.Sessions;

/// <summary>Body of <c>POST /session/{id}/resize</c>: 1 to <see cref="SessionOptions.MaxDimension"/> each.</summary>
public sealed record SessionResizeRequest(int Cols, int Rows);
