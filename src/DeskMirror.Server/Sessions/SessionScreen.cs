namespace DeskMirror.Server.Sessions;

/// <summary>
/// <c>GET /session/{id}/screen</c>: what the session's terminal shows, as text. <paramref name="Lines"/> holds the
/// <paramref name="Scrollback"/> lines asked for above the screen, then the screen's rows (each row's text, escape
/// sequences removed, trailing spaces trimmed). <paramref name="Cursor"/> counts from the screen's top row.
/// <paramref name="Offset"/> is the output offset the screen stands for.
/// </summary>
public sealed record SessionScreen(
    int Cols,
    int Rows,
    ScreenCursor Cursor,
    string Title,
    bool Alternate,
    IReadOnlyList<string> Lines,
    int Scrollback,
    long Offset);
