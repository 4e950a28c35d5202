namespace DeskMirror.Server.Sessions.Internal;

/// <summary>From output offset <paramref name="Offset"/> on, the session's terminal is <paramref name="Cols"/> × <paramref name="Rows"/>.</summary>
internal readonly record struct ResizePoint(long Offset, int Cols, int Rows);
