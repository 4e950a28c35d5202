namespace DeskMirror.Server.Push;

/// <summary>
/// Sends Web Push messages to the subscribed devices. <see cref="Notify"/> only queues: it never waits for
/// the database or a push service, so a session's read thread or an event handler may call it. Delivery runs
/// in the background from a bounded queue; when a push service is slow or gone, the oldest queued messages
/// are dropped and counted rather than piling up.
/// </summary>
public interface IPushNotifier
{
    /// <summary>Queues <paramref name="message"/> for every device <paramref name="audience"/> allows; returns at once.</summary>
    void Notify(PushMessage message, PushAudience audience);

    /// <summary>The counts so far.</summary>
    PushCounters Counters { get; }
}
