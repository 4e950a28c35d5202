using DeskMirror.Server.Hosting;
using DeskMirror.Server.Internal;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Auth.Internal;

/// <summary>
/// Counts failed sign-in attempts per client address in a sliding window. At the limit the address is refused
/// (429) until its oldest counted failure leaves the window. Other addresses are unaffected.
/// </summary>
internal sealed class FailureThrottle(AppServerOptions options, ILogger<FailureThrottle> logger)
{
    /// <summary>Addresses tracked at once; past it, addresses with no failure left in the window are forgotten first.</summary>
    public const int MaxTrackedAddresses = 4096;

    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void RecordFailure(string address)
    {
        var now = options.TimeProvider.GetUtcNow();
        int count;
        lock (_lock)
        {
            if (!_failures.TryGetValue(address, out var queue))
            {
                if (_failures.Count >= MaxTrackedAddresses)
                {
                    Prune(now);
                }

                queue = new Queue<DateTimeOffset>(options.FailureLimit);
                _failures[address] = queue;
            }

            Trim(queue, now);
            // Only the newest FailureLimit failures matter: the queue never grows past the limit.
            if (queue.Count == options.FailureLimit)
            {
                queue.Dequeue();
            }

            queue.Enqueue(now);
            count = queue.Count;
        }

        if (count == options.FailureLimit)
        {
            Log.Throttled(logger, address, count);
        }
    }

    /// <summary>True while the address has <see cref="AppServerOptions.FailureLimit"/> failures in the window.</summary>
    public bool IsBlocked(string address, out TimeSpan retryAfter)
    {
        var now = options.TimeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_failures.TryGetValue(address, out var queue))
            {
                Trim(queue, now);
                if (queue.Count >= options.FailureLimit)
                {
                    retryAfter = queue.Peek() + options.FailureWindow - now;
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
        foreach (var (address, queue) in _failures)
        {
            Trim(queue, now);
            if (queue.Count == 0)
            {
                _failures.Remove(address);
            }
        }

        if (_failures.Count >= MaxTrackedAddresses)
        {
            // Everyone is failing right now (a flood): forgetting is better than unbounded memory.
            _failures.Clear();
        }
    }
}
