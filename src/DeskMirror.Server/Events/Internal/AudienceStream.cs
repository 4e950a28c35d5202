namespace DeskMirror.Server.Events.Internal;

/// <summary>
/// What one listener's subscribers see of the bus: its own id sequence (1, 2, 3… with no gap where an event
/// went to the other listener only), its replay buffer and its SSE subscribers. Not thread-safe: every member
/// is called under the bus's lock.
/// </summary>
internal sealed class AudienceStream(int replayCapacity)
{
    private readonly EncodedEvent?[] _ring = new EncodedEvent?[replayCapacity];
    private readonly List<EventSubscriber> _subscribers = [];

    /// <summary>The newest id of this sequence; 0 before the first event.</summary>
    public long LastId { get; private set; }

    public int SubscriberCount => _subscribers.Count;

    /// <summary>Numbers the event, keeps it for replay and offers it to every subscriber; returns the ones that overflowed (removed).</summary>
    public List<EventSubscriber>? Append(ServerEvent serverEvent, byte[] body)
    {
        var encoded = EncodedEvent.Create(++LastId, serverEvent, body);
        _ring[encoded.Id % _ring.Length] = encoded;
        List<EventSubscriber>? overflowed = null;
        foreach (var subscriber in _subscribers)
        {
            if (!subscriber.Offer(encoded))
            {
                (overflowed ??= []).Add(subscriber);
            }
        }

        if (overflowed is not null)
        {
            foreach (var subscriber in overflowed)
            {
                _subscribers.Remove(subscriber);
            }
        }

        return overflowed;
    }

    /// <summary>
    /// Adds a subscriber and returns what it missed after <paramref name="lastEventId"/>, or resync when the
    /// buffer no longer holds it (older than the buffer, or from a future this run never reached: a restart).
    /// </summary>
    public (IReadOnlyList<EncodedEvent> Replay, bool Resync) Add(EventSubscriber subscriber, long? lastEventId)
    {
        var replay = new List<EncodedEvent>();
        var resync = false;
        if (lastEventId is { } last)
        {
            var oldest = Math.Max(1, LastId - _ring.Length + 1);
            if (last > LastId || last < oldest - 1)
            {
                resync = true;
            }
            else
            {
                for (var id = last + 1; id <= LastId; id++)
                {
                    replay.Add(_ring[id % _ring.Length]!);
                }
            }
        }

        _subscribers.Add(subscriber);
        return (replay, resync);
    }

    public void Remove(EventSubscriber subscriber) => _subscribers.Remove(subscriber);

    /// <summary>Removes every subscriber and returns them.</summary>
    public EventSubscriber[] RemoveAll()
    {
        EventSubscriber[] all = [.. _subscribers];
        _subscribers.Clear();
        return all;
    }
}
