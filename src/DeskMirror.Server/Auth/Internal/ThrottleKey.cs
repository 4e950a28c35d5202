using DeskMirror.Server.Modes;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// What failures are counted under: the listener and the client's address. Each listener keeps its own count,
/// so failures on the mirror never throttle the desktop, even when both see the same loopback address.
/// </summary>
internal readonly record struct ThrottleKey(RequestMode Listener, string Address)
{
    public override string ToString() => $"{Address} on the {Listener.Name()} listener";
}
