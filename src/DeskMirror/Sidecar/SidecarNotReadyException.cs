namespace DeskMirror.Sidecar;

/// <summary>The sidecar exited or did not accept connections in time; the message ends with its last output lines.</summary>
internal sealed class SidecarNotReadyException : Exception
{
    public SidecarNotReadyException(string message) : base(message) { }

    public SidecarNotReadyException() { }

    public SidecarNotReadyException(string message, Exception inner) : base(message, inner) { }
}
