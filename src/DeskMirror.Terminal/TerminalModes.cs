namespace DeskMirror.Terminal;

/// <summary>The modes a viewer must restore to behave like the program's terminal (keys, paste, mouse, focus, cursor).</summary>
/// <param name="ApplicationCursorKeys">DECCKM (DECSET 1): arrow keys send <c>ESC O A</c> instead of <c>ESC [ A</c>.</param>
/// <param name="ApplicationKeypad">DECKPAM (<c>ESC =</c>, DECSET 66).</param>
/// <param name="BracketedPaste">DECSET 2004: pasted text is wrapped in <c>ESC [ 200 ~</c> … <c>ESC [ 201 ~</c>.</param>
/// <param name="Mouse">Mouse tracking (DECSET 9, 1000, 1002, 1003).</param>
/// <param name="MouseEncoding">Mouse report encoding (DECSET 1006, 1016).</param>
/// <param name="FocusEvents">DECSET 1004: focus in and out are reported.</param>
/// <param name="CursorVisible">DECTCEM (DECSET 25).</param>
/// <param name="InsertMode">IRM (SM 4).</param>
/// <param name="Wraparound">DECAWM (DECSET 7); on by default.</param>
/// <param name="OriginMode">DECOM (DECSET 6).</param>
/// <param name="ReverseWraparound">DECSET 45.</param>
/// <param name="NewLineMode">LNM (SM 20): a line feed also returns the carriage.</param>
/// <param name="CursorStyle">DECSCUSR value; 0 is the viewer's default.</param>
public sealed record TerminalModes(
    bool ApplicationCursorKeys,
    bool ApplicationKeypad,
    bool BracketedPaste,
    MouseTracking Mouse,
    MouseEncoding MouseEncoding,
    bool FocusEvents,
    bool CursorVisible,
    bool InsertMode,
    bool Wraparound,
    bool OriginMode,
    bool ReverseWraparound,
    bool NewLineMode,
    int CursorStyle);
