namespace DeskMirror.Server.Sessions.Internal;

/// <summary>The escape sequences that rebuild a session's screen in a fresh xterm.js of <paramref name="Cols"/> × <paramref name="Rows"/>, standing for output offset <paramref name="Offset"/>.</summary>
internal sealed record TerminalSnapshot(byte[] Data, long Offset, int Cols, int Rows);
