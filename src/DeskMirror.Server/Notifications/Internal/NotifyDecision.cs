namespace DeskMirror.Server.Notifications.Internal;

/// <summary>What the notifier did with one attention, or with the end of a session's repeat window.</summary>
internal enum NotifyDecision
{
    /// <summary>Queued for the subscribed devices.</summary>
    Sent,

    /// <summary>Within the session's repeat window: kept for its end.</summary>
    Held,

    /// <summary>The reason does not notify (<c>attention.notify</c>).</summary>
    ReasonOff,

    /// <summary>The session is gone, or by the end of the window it no longer needs its person.</summary>
    Nothing,
}
