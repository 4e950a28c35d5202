namespace DeskMirror.Server.Events;

/// <summary>Publishes live events to every <c>GET /event</c> subscriber and in-process listener.</summary>
public interface IEventBus
{
    /// <summary>
    /// Publishes one event of the catalogue. Its <see cref="ServerEvent.Audience"/> decides which listeners'
    /// subscribers get it; each listener numbers its own events 1, 2, 3… without gaps.
    /// <see cref="ServerConnectedEvent"/> and <see cref="ServerResyncEvent"/> belong to one stream and are refused.
    /// </summary>
    void Publish(ServerEvent serverEvent);

    /// <summary>
    /// In-process subscription (the UI circuits): every published event, whatever its audience, in publishing
    /// order; the handler asks <see cref="Modes.MirrorPolicy.CanReceiveEvent"/> for its own mode. It runs on the
    /// publisher's thread under the bus's lock, so it must only schedule work. Dispose to stop.
    /// </summary>
    IDisposable Subscribe(Action<ServerEvent> handler);
}
