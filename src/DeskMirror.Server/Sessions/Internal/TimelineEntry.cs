namespace DeskMirror.Server.Sessions.Internal;

/// <summary>
/// One line of a session's timeline: output from <paramref name="Offset"/> on was read <paramref name="Millis"/> ms
/// after the start (<c>o</c>), or the terminal became <paramref name="Cols"/> × <paramref name="Rows"/> there (<c>r</c>).
/// </summary>
internal readonly record struct TimelineEntry(bool IsResize, long Offset, long Millis, int Cols, int Rows);
