using System.Net;
using DeskMirror.Proxy.ProxyProtocol;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// What the proxy knows of every open connection, whichever engine moves its bytes: the client, its place in the
/// context's list, and the deadlines the context's one sweep timer checks (so no timer exists per connection).
/// </summary>
/// <remarks>
/// Two engines: <see cref="EpollConnection"/> (Linux, plain TCP: raw descriptors on the proxy's own event loops, a
/// few hundred bytes per idle connection) and <see cref="SocketConnection"/> (TLS, the plain-HTTP redirect, a host
/// name upstream, and every other platform: System.Net.Sockets).
/// </remarks>
internal abstract class Connection(IPEndPoint? remote, UInt128 addressKey, ProxyContext context)
{
    /// <summary>What <see cref="IsPastDeadline"/> says when the upstream did not accept in time.</summary>
    public const string ConnectTimeoutReason = "the upstream did not accept the connection in time";

    /// <summary>What <see cref="IsPastDeadline"/> says when a TLS client did not finish its handshake in time.</summary>
    public const string HandshakeTimeoutReason = "the TLS handshake did not finish in time";

    // Set once, by whichever comes first: an abort (error, timeout, stop) or nothing at all for a clean end.
    private int _aborted;

    // Timestamps (TimeProvider ticks) checked by the context's sweep; 0 means no deadline.
    private long _connectDeadline;
    private long _firstByteDeadline = context.FirstByteTicks == 0 ? 0 : context.Time.GetTimestamp() + context.FirstByteTicks;
    private long _handshakeDeadline;
    private long _halfCloseDeadline;
    private int _finishedDirections;
    private volatile bool _connectTimedOut;

    public ProxyContext Context { get; } = context;

    /// <summary>The client's address and port as accepted.</summary>
    public IPEndPoint? Remote { get; } = remote;

    /// <summary>The client address's key in <see cref="ProxyContext.Addresses"/>.</summary>
    public UInt128 AddressKey { get; } = addressKey;

    public EndPoint? ClientEndPoint => Remote;

    // Links in the context's list of open connections (guarded by its lock).
    internal Connection? Previous { get; set; }

    internal Connection? Next { get; set; }

    protected bool IsAborted => Volatile.Read(ref _aborted) != 0;

    /// <summary>True once <see cref="AbortConnect"/> ran: the abort is an upstream failure, to be counted and logged as one.</summary>
    protected bool ConnectTimedOut => _connectTimedOut;

    /// <summary>
    /// Resets both sides (RST, not FIN): used on errors, timeouts and when the stop grace period is over.
    /// False when the connection was aborted already.
    /// </summary>
    public abstract bool Abort();

    /// <summary>The upstream did not accept within the connect timeout: counted and logged as an upstream failure.</summary>
    public bool AbortConnect()
    {
        _connectTimedOut = true;
        return Abort();
    }

    /// <summary>Null while no deadline has passed at <paramref name="now"/> (or the connection is ending anyway); else what it waited for.</summary>
    public string? IsPastDeadline(long now)
    {
        if (IsAborted)
        {
            return null;
        }

        if (IsPast(ref _connectDeadline, now))
        {
            return ConnectTimeoutReason;
        }

        if (IsPast(ref _firstByteDeadline, now))
        {
            return "no first byte from the client in time";
        }

        if (IsPast(ref _handshakeDeadline, now))
        {
            return HandshakeTimeoutReason;
        }

        return IsPast(ref _halfCloseDeadline, now) ? "one side closed and the other stayed silent too long" : null;
    }

    /// <summary>Marks the connection aborted; true for the first caller only.</summary>
    protected bool TryMarkAborted() => Interlocked.Exchange(ref _aborted, 1) == 0;

    protected void StartConnectDeadline() => Volatile.Write(ref _connectDeadline, Context.Time.GetTimestamp() + Context.ConnectTicks);

    protected void EndConnectDeadline() => Volatile.Write(ref _connectDeadline, 0);

    protected void StartHandshakeDeadline() => Volatile.Write(ref _handshakeDeadline, Context.Time.GetTimestamp() + Context.HandshakeTicks);

    protected void EndHandshakeDeadline() => Volatile.Write(ref _handshakeDeadline, 0);

    protected void EndFirstByteDeadline() => Volatile.Write(ref _firstByteDeadline, 0);

    /// <summary>Data from the client (<paramref name="toUpstream"/>) or the upstream moved.</summary>
    protected void DataArrived(bool toUpstream)
    {
        if (toUpstream && Volatile.Read(ref _firstByteDeadline) != 0)
        {
            EndFirstByteDeadline();
        }

        // While half-closed, data in the remaining direction means it is not idle.
        if (Volatile.Read(ref _halfCloseDeadline) != 0)
        {
            Volatile.Write(ref _halfCloseDeadline, Context.Time.GetTimestamp() + Context.HalfCloseTicks);
        }
    }

    /// <summary>One direction ended cleanly; when it is the first, the other gets <see cref="TcpMirrorProxyOptions.HalfCloseTimeout"/> of silence at most.</summary>
    protected void OneDirectionFinished()
    {
        if (Interlocked.Increment(ref _finishedDirections) == 1 && Context.HalfCloseTicks != 0)
        {
            Volatile.Write(ref _halfCloseDeadline, Context.Time.GetTimestamp() + Context.HalfCloseTicks);
        }
    }

    /// <summary>The PROXY v2 header for this client, as accepted on <paramref name="local"/>, with <paramref name="tlvs"/>.</summary>
    protected byte[] ProxyHeader(IPEndPoint local, ReadOnlySpan<byte> tlvs)
    {
        var source = Remote ?? new IPEndPoint(IPAddress.IPv6None, 0);
        var header = new byte[ProxyProtocolV2.GetHeaderLength(source, local, tlvs.Length)];
        ProxyProtocolV2.WriteHeader(header, source, local, tlvs);
        return header;
    }

    /// <summary>What the upstream failure's log line says when the connect timed out.</summary>
    protected string ConnectTimedOutReason => $"no answer within {Context.Options.ConnectTimeout.TotalSeconds:0.###} s";

    /// <summary>Logs why the upstream could not be reached (throttled) and counts it.</summary>
    protected void UpstreamFailed(string reason)
    {
        Context.Counters.UpstreamFailed();
        if (Context.UpstreamFailureLog.TryAcquire(out var suppressed))
        {
            Log.UpstreamUnavailable(Context.Logger, Context.Options.Upstream, reason, suppressed);
        }
    }

    /// <summary>Logs a connection that failed (a peer's reset at debug level only, anything else throttled).</summary>
    protected void LogFailure(Exception exception)
    {
        if (SocketErrors.IsConnectionEnd(exception))
        {
            Log.ConnectionReset(Context.Logger, ClientEndPoint);
        }
        else if (Context.ConnectionFailureLog.TryAcquire(out var suppressed))
        {
            Log.ConnectionFailed(Context.Logger, exception, ClientEndPoint, suppressed);
        }
    }

    private static bool IsPast(ref long deadline, long now)
    {
        var at = Volatile.Read(ref deadline);
        return at != 0 && now >= at;
    }
}
