using System.Text.Json.Nodes;
using DeskMirror.Server.Internal;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Events.Internal;

/// <summary>
/// Assigns ids, keeps a bounded replay buffer and fans every event out to SSE queues and in-process handlers.
/// One lock orders publishing and subscribing, so a subscriber's replay and its live events meet with no gap
/// and no duplicate.
/// </summary>
internal sealed class EventBus : IEventBus
{
    private readonly Lock _lock = new();
    private readonly EncodedEvent?[] _ring;
    private readonly int _subscriberCapacity;
    private readonly ILogger _logger;
    private readonly List<EventSubscriber> _subscribers = [];
    private Action<ServerEvent>[] _handlers = [];
    private long _lastId;
    private long _nextSubscriberId;

    public EventBus(int replayCapacity, int subscriberCapacity, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replayCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(subscriberCapacity, 1);
        _ring = new EncodedEvent?[replayCapacity];
        _subscriberCapacity = subscriberCapacity;
        _logger = logger;
    }

    /// <summary>Live SSE subscribers, for tests and diagnostics.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    public long LastId
    {
        get
        {
            lock (_lock)
            {
                return _lastId;
            }
        }
    }

    public void Publish(string type, JsonObject properties, bool desktopOnly = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(properties);
        List<EventSubscriber>? overflowed = null;
        lock (_lock)
        {
            var serverEvent = new ServerEvent(++_lastId, type, properties, desktopOnly);
            var encoded = EncodedEvent.Create(serverEvent);
            _ring[serverEvent.Id % _ring.Length] = encoded;
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

            // In-process handlers run under the lock so every one sees events in id order; they must only schedule work.
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
    /// Registers an SSE subscriber. With <paramref name="lastEventId"/> it also returns the events after it
    /// (<see cref="EventSubscription.Replay"/>), or <see cref="EventSubscription.Resync"/> when the buffer no longer holds them.
    /// </summary>
    public EventSubscription SubscribeStream(bool receivesDesktopOnly, long? lastEventId, Action onOverflow)
    {
        lock (_lock)
        {
            var subscriber = new EventSubscriber(++_nextSubscriberId, receivesDesktopOnly, _subscriberCapacity, onOverflow);
            var replay = new List<EncodedEvent>();
            var resync = false;
            if (lastEventId is { } last)
            {
                var oldest = Math.Max(1, _lastId - _ring.Length + 1);
                if (last > _lastId || last < oldest - 1)
                {
                    // Older than the buffer, or from before a restart: the client must refetch.
                    resync = true;
                }
                else
                {
                    for (var id = last + 1; id <= _lastId; id++)
                    {
                        var serverEvent = _ring[id % _ring.Length]!;
                        if (!serverEvent.Event.DesktopOnly || receivesDesktopOnly)
                        {
                            replay.Add(serverEvent);
                        }
                    }
                }
            }

            _subscribers.Add(subscriber);
            return new EventSubscription(this, subscriber, replay, resync, _lastId);
        }
    }

    /// <summary>Ends every SSE stream (server stopping).</summary>
    public void CompleteAll()
    {
        EventSubscriber[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
            _subscribers.Clear();
        }

        foreach (var subscriber in subscribers)
        {
            subscriber.Complete();
        }
    }

    internal void Unsubscribe(EventSubscriber subscriber)
    {
        lock (_lock)
        {
            _subscribers.Remove(subscriber);
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
