namespace DeskMirror.Server.Events;

/// <summary>Who may receive an event; decided by the event's payload record, never by the publisher.</summary>
public enum EventAudience
{
    /// <summary>Subscribers of both listeners.</summary>
    Everyone,

    /// <summary>Subscribers of the desktop listener only; the mirror never learns that the event happened.</summary>
    DesktopOnly,
}
