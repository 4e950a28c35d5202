namespace DeskMirror.Terminal;

/// <summary>How mouse reports are encoded (DECSET 1006, 1016).</summary>
public enum MouseEncoding
{
    /// <summary>The original X10 byte encoding.</summary>
    Default,

    /// <summary>DECSET 1006: SGR (<c>CSI &lt; b ; x ; y M</c>).</summary>
    Sgr,

    /// <summary>DECSET 1016: SGR with pixel positions.</summary>
    SgrPixels,
}
