namespace DeskMirror.Proxy.Internal;

/// <summary>The proxy's counters, updated with interlocked operations from every connection.</summary>
internal sealed class LiveCounters
{
    private long _active;
    private long _accepted;
    private long _refusedByLimit;
    private long _refusedByAddressLimit;
    private long _upstreamFailures;
    private long _timedOut;
    private long _bytesToUpstream;
    private long _bytesToClient;
    private long _tlsHandshakes;
    private long _tlsHandshakeFailures;
    private long _tlsHandshakesRefused;
    private long _tlsUnknownServerNames;
    private long _plainHttpAnswered;

    public long Active => Volatile.Read(ref _active);

    /// <summary>Claims a slot for a new connection; false (and nothing claimed) when <paramref name="max"/> are open.</summary>
    public bool TryOpen(int max)
    {
        if (Interlocked.Increment(ref _active) > max)
        {
            Interlocked.Decrement(ref _active);
            Interlocked.Increment(ref _refusedByLimit);
            return false;
        }

        Interlocked.Increment(ref _accepted);
        return true;
    }

    /// <summary>Releases a slot claimed by <see cref="TryOpen"/> for a connection refused by its address's limit.</summary>
    public void RefuseByAddressLimit()
    {
        Interlocked.Decrement(ref _active);
        Interlocked.Decrement(ref _accepted);
        Interlocked.Increment(ref _refusedByAddressLimit);
    }

    public void TimedOut() => Interlocked.Increment(ref _timedOut);

    /// <summary>Releases a slot; returns the number of connections still open.</summary>
    public long Close() => Interlocked.Decrement(ref _active);

    public void UpstreamFailed() => Interlocked.Increment(ref _upstreamFailures);

    public void TlsHandshakeCompleted() => Interlocked.Increment(ref _tlsHandshakes);

    public void TlsHandshakeFailed() => Interlocked.Increment(ref _tlsHandshakeFailures);

    public void TlsHandshakeRefused() => Interlocked.Increment(ref _tlsHandshakesRefused);

    public void TlsUnknownServerName() => Interlocked.Increment(ref _tlsUnknownServerNames);

    public void PlainHttpAnswered() => Interlocked.Increment(ref _plainHttpAnswered);

    public void AddBytes(bool toUpstream, int count)
    {
        if (toUpstream)
        {
            Interlocked.Add(ref _bytesToUpstream, count);
        }
        else
        {
            Interlocked.Add(ref _bytesToClient, count);
        }
    }

    /// <param name="handshakesInProgress">The TLS handshakes in progress now (kept by <see cref="TlsTermination"/>).</param>
    public ProxyCounters Snapshot(long handshakesInProgress) => new(
        Volatile.Read(ref _active),
        Volatile.Read(ref _accepted),
        Volatile.Read(ref _refusedByLimit),
        Volatile.Read(ref _upstreamFailures),
        Volatile.Read(ref _bytesToUpstream),
        Volatile.Read(ref _bytesToClient),
        Volatile.Read(ref _refusedByAddressLimit),
        Volatile.Read(ref _timedOut),
        Volatile.Read(ref _tlsHandshakes),
        Volatile.Read(ref _tlsHandshakeFailures),
        Volatile.Read(ref _tlsHandshakesRefused),
        Volatile.Read(ref _tlsUnknownServerNames),
        handshakesInProgress,
        Volatile.Read(ref _plainHttpAnswered));
}
