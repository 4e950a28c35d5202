namespace DeskMirror.Terminal;

/// <summary>Which mouse events the program asked for (DECSET 9, 1000, 1002, 1003); the last one set wins, as in xterm.js.</summary>
public enum MouseTracking
{
    /// <summary>No mouse reports.</summary>
    None,

    /// <summary>DECSET 9: button presses only.</summary>
    X10,

    /// <summary>DECSET 1000: presses and releases.</summary>
    Vt200,

    /// <summary>DECSET 1002: presses, releases and motion while a button is held.</summary>
    Drag,

    /// <summary>DECSET 1003: every motion.</summary>
    Any,
}
