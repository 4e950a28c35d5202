namespace DeskMirror.Terminal;

/// <summary>
/// The screen as text: one string per row, escape sequences removed, trailing spaces trimmed, a wide character
/// once (the cell after it adds nothing), an empty cell inside a row as a space.
/// </summary>
/// <param name="Cols">Width in cells.</param>
/// <param name="Rows">Height in rows.</param>
/// <param name="CursorX">Cursor column, 0-based; equals <paramref name="Cols"/> while a wrap is pending (the last column was just written).</param>
/// <param name="CursorY">Cursor row, 0-based.</param>
/// <param name="CursorVisible">False after DECTCEM hid it.</param>
/// <param name="Title">The title set by OSC 0 or 2; empty when none was.</param>
/// <param name="Alternate">True while the alternate screen (full-screen programs) is shown.</param>
/// <param name="Lines">The rows of the shown screen, top first; always <paramref name="Rows"/> strings.</param>
/// <param name="Scrollback">The newest scrollback lines above the screen, oldest first (none on the alternate screen).</param>
public sealed record TerminalScreenText(
    int Cols,
    int Rows,
    int CursorX,
    int CursorY,
    bool CursorVisible,
    string Title,
    bool Alternate,
    IReadOnlyList<string> Lines,
    IReadOnlyList<string> Scrollback);
