namespace DeskMirror.Server.Events.Internal;

/// <summary>An SSE subscriber's queue plus what it missed; dispose to leave the bus.</summary>
internal sealed class EventSubscription(
    EventBus bus, AudienceStream stream, EventSubscriber subscriber, IReadOnlyList<EncodedEvent> replay, bool resync, long lastIdAtSubscribe)
    : IDisposable
{
    public EventSubscriber Subscriber => subscriber;

    /// <summary>Events after the client's <c>Last-Event-ID</c>, oldest first.</summary>
    public IReadOnlyList<EncodedEvent> Replay => replay;

    /// <summary>The client's <c>Last-Event-ID</c> is no longer in the buffer: it must refetch.</summary>
    public bool Resync => resync;

    /// <summary>The newest id of the listener's sequence when the subscription started.</summary>
    public long LastIdAtSubscribe => lastIdAtSubscribe;

    public void Dispose() => bus.Unsubscribe(stream, subscriber);
}
