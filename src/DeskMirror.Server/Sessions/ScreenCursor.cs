namespace DeskMirror.Server.Sessions;

/// <summary>The cursor's cell, 0-based: <paramref name="X"/> the column, <paramref name="Y"/> the row from the screen's top.</summary>
public sealed record ScreenCursor(int X, int Y);
