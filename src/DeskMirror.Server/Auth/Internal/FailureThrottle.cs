using DeskMirror.Server.Hosting;
using DeskMirror.Server.Internal;
using DeskMirror.Server.Modes;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// Counts failed credential attempts per <see cref="ThrottleKey"/> (listener and client address) in a sliding
/// window. At the limit the key is refused (429) until its oldest counted failure leaves the window. Other keys
/// are unaffected. A throttled key is logged once per window, however long it keeps guessing.
/// </summary>
internal sealed class FailureThrottle(AppServerOptions options, ILogger<FailureThrottle> logger)
{
    /// <summary>Keys tracked at once; past it, keys with no failure left in the window are forgotten first.</summary>
    public const int MaxTrackedAddresses = 4096;

    private readonly Dictionary<ThrottleKey, Entry> _entries = [];
    private readonly Lock _lock = new();

    public void RecordFailure(ThrottleKey key)
    {
        var now = options.TimeProvider.GetUtcNow();
        int count;
        var log = false;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (_entries.Count >= MaxTrackedAddresses)
                {
                    Prune(now);
                }

                entry = new Entry(options.FailureLimit);
                _entries[key] = entry;
            }

            Trim(entry.Failures, now);
            // Only the newest FailureLimit failures matter: the queue never grows past the limit.
            if (entry.Failures.Count == options.FailureLimit)
            {
                entry.Failures.Dequeue();
            }

            entry.Failures.Enqueue(now);
            count = entry.Failures.Count;
            if (count == options.FailureLimit && (entry.LoggedAt is not { } logged || now - logged >= options.FailureWindow))
            {
                entry.LoggedAt = now;
                log = true;
            }
        }

        if (log)
        {
            Log.Throttled(logger, key.Address, key.Listener.Name(), count, options.FailureWindow);
        }
    }

    /// <summary>True while the key has <see cref="AppServerOptions.FailureLimit"/> failures in the window.</summary>
    public bool IsBlocked(ThrottleKey key, out TimeSpan retryAfter)
    {
        var now = options.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                Trim(entry.Failures, now);
                if (entry.Failures.Count >= options.FailureLimit)
                {
                    retryAfter = entry.Failures.Peek() + options.FailureWindow - now;
                    return true;
                }
            }
        }

        retryAfter = TimeSpan.Zero;
        return false;
    }

    private void Trim(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + options.FailureWindow <= now)
        {
            queue.Dequeue();
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            Trim(entry.Failures, now);
            if (entry.Failures.Count == 0)
            {
                _entries.Remove(key);
            }
        }

        if (_entries.Count >= MaxTrackedAddresses)
        {
            // Everyone is failing right now (a flood): forgetting is better than unbounded memory.
            _entries.Clear();
        }
    }

    private sealed class Entry(int capacity)
    {
        public Queue<DateTimeOffset> Failures { get; } = new(capacity);

        /// <summary>When the key was last reported as throttled; one report per window.</summary>
        public DateTimeOffset? LoggedAt { get; set; }
    }
}
