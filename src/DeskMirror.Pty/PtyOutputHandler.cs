namespace DeskMirror.Pty;

/// <summary>
/// Receives output on the PTY's read thread. The span is valid only during the call; copy what you keep.
/// Return quickly and never block: while the handler runs nobody drains the PTY, and a child whose
/// output is not drained stops at its next write.
/// </summary>
public delegate void PtyOutputHandler(ReadOnlySpan<byte> data);
