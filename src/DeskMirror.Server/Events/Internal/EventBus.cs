using DeskMirror.Server.Internal;
using DeskMirror.Server.Modes;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Events.Internal;

/// <summary>
/// Numbers every event in each listener's own sequence, keeps a bounded replay buffer per listener and fans
/// events out to SSE queues and in-process handlers. The desktop sequence holds every event; the mirror
/// sequence only those its audience allows, so a mirror's ids say nothing about desktop-only activity. One
/// lock orders publishing and subscribing, so a subscriber's replay and its live events meet with no gap and
/// no duplicate.
/// </summary>
internal sealed class EventBus : IEventBus
{
    private readonly Lock _lock = new();
    private readonly AudienceStream _desktop;
    private readonly AudienceStream _mirror;
    private readonly int _subscriberCapacity;
    private readonly ILogger _logger;
    private Action<ServerEvent>[] _handlers = [];
    private long _nextSubscriberId;

    public EventBus(int replayCapacity, int subscriberCapacity, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replayCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriberCapacity, 1);
        _desktop = new AudienceStream(replayCapacity);
        _mirror = new AudienceStream(replayCapacity);
        _subscriberCapacity = subscriberCapacity;
        _logger = logger;
    }

    /// <summary>Live SSE subscribers of both listeners, for tests and diagnostics.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _desktop.SubscriberCount + _mirror.SubscriberCount;
            }
        }
    }

    public void Publish(ServerEvent serverEvent)
    {
        ArgumentNullException.ThrowIfNull(serverEvent);
        if (serverEvent is ServerConnectedEvent or ServerResyncEvent)
        {
            throw new ArgumentException($"{serverEvent.Type} belongs to one stream and is never published.", nameof(serverEvent));
        }

        // Serialised once, outside the lock; each listener only adds its own id line.
        var body = EncodedEvent.EncodeBody(serverEvent);
        List<EventSubscriber>? overflowed;
        lock (_lock)
        {
            overflowed = _desktop.Append(serverEvent, body);
            if (MirrorPolicy.CanReceiveEvent(RequestMode.Mirror, serverEvent.Audience))
            {
                if (_mirror.Append(serverEvent, body) is { } mirrorOverflowed)
                {
                    (overflowed ??= []).AddRange(mirrorOverflowed);
                }
            }

            // In-process handlers run under the lock so every one sees events in order; they must only schedule work.
            foreach (var handler in _handlers)
            {
                try
                {
                    handler(serverEvent);
                }
#pragma warning disable CA1031 // A faulty UI handler must not break publishing for everyone else.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.HandlerFailed(_logger, ex);
                }
            }
        }

        if (overflowed is not null)
        {
            foreach (var subscriber in overflowed)
            {
                Log.SubscriberOverflow(_logger, subscriber.Id, subscriber.Capacity);
            }
        }
    }

    public IDisposable Subscribe(Action<ServerEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            _handlers = [.. _handlers, handler];
        }

        return new HandlerSubscription(this, handler);
    }

    /// <summary>
    /// Registers an SSE subscriber of one listener. With <paramref name="lastEventId"/> (an id of that listener's
    /// sequence) it also returns the events after it (<see cref="EventSubscription.Replay"/>), or
    /// <see cref="EventSubscription.Resync"/> when the buffer no longer holds them.
    /// </summary>
    public EventSubscription SubscribeStream(RequestMode mode, long? lastEventId, Action onOverflow)
    {
        lock (_lock)
        {
            var stream = mode == RequestMode.Desktop ? _desktop : _mirror;
            var subscriber = new EventSubscriber(++_nextSubscriberId, _subscriberCapacity, onOverflow);
            var (replay, resync) = stream.Add(subscriber, lastEventId);
            return new EventSubscription(this, stream, subscriber, replay, resync, stream.LastId);
        }
    }

    /// <summary>Ends every SSE stream (server stopping).</summary>
    public void CompleteAll()
    {
        EventSubscriber[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _desktop.RemoveAll(), .. _mirror.RemoveAll()];
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Complete();
        }
    }

    internal void Unsubscribe(AudienceStream stream, EventSubscriber subscriber)
    {
        lock (_lock)
        {
            stream.Remove(subscriber);
        }

        subscriber.Complete();
    }

    private void RemoveHandler(Action<ServerEvent> handler)
    {
        lock (_lock)
        {
            var index = Array.IndexOf(_handlers, handler);
            if (index >= 0)
            {
                _handlers = [.. _handlers[..index], .. _handlers[(index + 1)..]];
            }
        }
    }

    private sealed class HandlerSubscription(EventBus bus, Action<ServerEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                bus.RemoveHandler(handler);
            }
        }
    }
}
