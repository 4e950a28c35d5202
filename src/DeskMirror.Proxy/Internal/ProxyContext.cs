using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Proxy.Internal;

/// <summary>What every connection of one proxy shares: options, counters, logging, and the set of open connections.</summary>
internal sealed class ProxyContext
{
    private readonly ConcurrentDictionary<ProxyConnection, byte> _open = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _draining;

    public ProxyContext(TcpMirrorProxyOptions options, ILogger logger, TimeProvider time)
    {
        Options = options;
        Logger = logger;
        Time = time;
        UpstreamFailureLog = new LogThrottle(time, options.FailureLogInterval);
        LimitLog = new LogThrottle(time, options.FailureLogInterval);
        AcceptFailureLog = new LogThrottle(time, options.FailureLogInterval);
        ConnectionFailureLog = new LogThrottle(time, options.FailureLogInterval);
    }

    public TcpMirrorProxyOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public LiveCounters Counters { get; } = new();

    public LogThrottle UpstreamFailureLog { get; }

    public LogThrottle LimitLog { get; }

    public LogThrottle AcceptFailureLog { get; }

    public LogThrottle ConnectionFailureLog { get; }

    public void Opened(ProxyConnection connection) => _open.TryAdd(connection, 0);

    public void Closed(ProxyConnection connection)
    {
        _open.TryRemove(connection, out _);
        // Interlocked decrement then a read of _draining, against BeginDrain's exchange then a read of
        // the count: whichever runs second sees the other's write, so the last close is never missed.
        if (Counters.Close() == 0 && Volatile.Read(ref _draining) != 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Called once the listener is closed; completes when the last open connection has ended.</summary>
    public Task BeginDrain()
    {
        Interlocked.Exchange(ref _draining, 1);
        if (Counters.Active == 0)
        {
            _drained.TrySetResult();
        }

        return _drained.Task;
    }

    /// <summary>Resets every open connection; returns how many there were.</summary>
    public int AbortAll()
    {
        var count = 0;
        foreach (var connection in _open.Keys)
        {
            connection.Abort();
            count++;
        }

        return count;
    }
}
