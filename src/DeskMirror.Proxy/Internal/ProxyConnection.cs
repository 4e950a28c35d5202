using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace DeskMirror.Proxy.Internal;

/// <summary>
/// One proxied connection: connects to the upstream, sends the PROXY header when asked, then pumps both directions
/// until both have ended (half-close is forwarded) or either fails or times out (then both sockets are reset).
/// </summary>
/// <remarks>
/// Everything after the accept runs on socket completions (<see cref="DirectionPump"/>); deadlines (connect, first
/// byte, TLS handshake, half-close) are timestamps checked by the proxy's one sweep timer, so no timer exists per
/// connection. With TLS on (<see cref="ProxyContext.Tls"/>) the connection first waits for the client's first byte
/// (ProxyConnection.Tls.cs): a plain client then goes on as without TLS, a TLS client is handshaken first and its
/// pumps read and write through the <see cref="SslStream"/> on the client side.
/// </remarks>
internal sealed partial class ProxyConnection
{
    private readonly Socket _client;
    private Socket? _upstream;
    private DirectionPump? _toUpstream;
    private DirectionPump? _toClient;
    private int _aborted;
    private int _finishedDirections;
    private int _runningPumps;
    private volatile bool _connectTimedOut;
    private SslStream? _tls;

    // Timestamps (TimeProvider ticks) checked by the context's sweep; 0 means no deadline.
    private long _connectDeadline;
    private long _firstByteDeadline;
    private long _handshakeDeadline;
    private long _halfCloseDeadline;

    /// <summary>What <see cref="IsPastDeadline"/> says when the upstream did not accept in time.</summary>
    public const string ConnectTimeoutReason = "the upstream did not accept the connection in time";

    /// <summary>What <see cref="IsPastDeadline"/> says when a TLS client did not finish its handshake in time.</summary>
    public const string HandshakeTimeoutReason = "the TLS handshake did not finish in time";

    public ProxyConnection(Socket client, IPEndPoint? remote, UInt128 addressKey, ProxyContext context)
    {
        _client = client;
        Context = context;
        Remote = remote;
        AddressKey = addressKey;
        if (context.FirstByteTicks != 0)
        {
            _firstByteDeadline = context.Time.GetTimestamp() + context.FirstByteTicks;
        }
    }

    public ProxyContext Context { get; }

    /// <summary>The client's address and port as accepted.</summary>
    public IPEndPoint? Remote { get; }

    /// <summary>The client address's key in <see cref="ProxyContext.Addresses"/>.</summary>
    public UInt128 AddressKey { get; }

    public EndPoint? ClientEndPoint => Remote;

    // Links in the context's list of open connections (guarded by its lock).
    internal ProxyConnection? Previous { get; set; }

    internal ProxyConnection? Next { get; set; }

    /// <summary>
    /// Starts the connection: at once the upstream connect, or with TLS on the wait for the client's first byte.
    /// Everything after that runs on completions.
    /// </summary>
    public void Start()
    {
        // One activity runs from here on (the first-byte wait, the handshake, the connect, then the pump carrying
        // upstream → client); StartPumps adds the second direction. The last to end closes the connection.
        _runningPumps = 1;
        if (Context.Tls is null)
        {
            ConnectUpstream();
        }
        else
        {
            WaitForFirstByte();
        }
    }

    /// <summary>Opens the upstream socket and starts connecting; then <see cref="OnUpstreamConnected"/> runs.</summary>
    private void ConnectUpstream()
    {
        var endpoint = Context.Options.Upstream;
        Socket upstream;
        try
        {
            upstream = endpoint.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
                ? new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
                : new Socket(SocketType.Stream, ProtocolType.Tcp); // a host name: dual-mode, tries each address
            upstream.NoDelay = true;
        }
        catch (SocketException e)
        {
            // Out of descriptors or buffers: this client is closed, the process carries on.
            if (Context.ConnectionFailureLog.TryAcquire(out var suppressed))
            {
                Log.UpstreamSocketFailed(Context.Logger, e.SocketErrorCode, suppressed);
            }

            PumpEnded();
            return;
        }

        Volatile.Write(ref _upstream, upstream);
        if (Volatile.Read(ref _aborted) != 0)
        {
            PumpEnded();
            return;
        }

        Volatile.Write(ref _connectDeadline, Context.Time.GetTimestamp() + Context.ConnectTicks);
        _toClient = Context.Pumps.Rent();
        _toClient.Connect(this, upstream, endpoint);
    }

    /// <summary>The upstream did not accept within the connect timeout: counted and logged as an upstream failure.</summary>
    public bool AbortConnect()
    {
        _connectTimedOut = true;
        return Abort();
    }

    /// <summary>
    /// Resets both sides at once (RST, not FIN): used on errors, timeouts and when the stop grace period is over.
    /// False when the connection was aborted already.
    /// </summary>
    public bool Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return false;
        }


        _client.Close(0);
        Volatile.Read(ref _upstream)?.Close(0);
        return true;
    }

    /// <summary>Null while no deadline has passed at <paramref name="now"/> (or the connection is ending anyway); else what it waited for.</summary>
    public string? IsPastDeadline(long now)
    {
        if (Volatile.Read(ref _aborted) != 0)
        {
            return null;
        }

        var connect = Volatile.Read(ref _connectDeadline);
        if (connect != 0 && now >= connect)
        {
            return ConnectTimeoutReason;
        }

        var firstByte = Volatile.Read(ref _firstByteDeadline);
        if (firstByte != 0 && now >= firstByte)
        {
            return "no first byte from the client in time";
        }

        var handshake = Volatile.Read(ref _handshakeDeadline);
        if (handshake != 0 && now >= handshake)
        {
            return HandshakeTimeoutReason;
        }

        var halfClose = Volatile.Read(ref _halfCloseDeadline);
        return halfClose != 0 && now >= halfClose ? "one side closed and the other stayed silent too long" : null;
    }

    /// <summary>The upstream accepted: send the PROXY header if asked, and start both directions.</summary>
    internal void OnUpstreamConnected()
    {
        Volatile.Write(ref _connectDeadline, 0);
        StartPumps(Context.Options.SendProxyProtocol ? ProxyHeader() : null);
    }

    internal void OnUpstreamConnectFailed(Exception exception)
    {
        Volatile.Write(ref _connectDeadline, 0);
        if (Volatile.Read(ref _aborted) == 0 || _connectTimedOut)
        {
            Context.Counters.UpstreamFailed();
            if (Context.UpstreamFailureLog.TryAcquire(out var suppressed))
            {
                var reason = _connectTimedOut
                    ? $"no answer within {Context.Options.ConnectTimeout.TotalSeconds:0.###} s"
                    : exception is SocketException socketError ? socketError.SocketErrorCode.ToString() : exception.GetType().Name;
                Log.UpstreamUnavailable(Context.Logger, Context.Options.Upstream, reason, suppressed);
            }
        }

        PumpEnded();
    }

    /// <summary>Data from the client (<paramref name="toUpstream"/>) or the upstream moved.</summary>
    internal void DataArrived(bool toUpstream)
    {
        if (toUpstream && Volatile.Read(ref _firstByteDeadline) != 0)
        {
            Volatile.Write(ref _firstByteDeadline, 0);
        }

        // While half-closed, data in the remaining direction means it is not idle.
        if (Volatile.Read(ref _halfCloseDeadline) != 0)
        {
            Volatile.Write(ref _halfCloseDeadline, Context.Time.GetTimestamp() + Context.HalfCloseTicks);
        }
    }

    /// <summary>One direction ended cleanly; when it is the first, the other gets <see cref="TcpMirrorProxyOptions.HalfCloseTimeout"/> of silence at most.</summary>
    internal void DirectionFinished(DirectionPump pump)
    {
        if (Interlocked.Increment(ref _finishedDirections) == 1 && Context.HalfCloseTicks != 0)
        {
            Volatile.Write(ref _halfCloseDeadline, Context.Time.GetTimestamp() + Context.HalfCloseTicks);
        }

        PumpEnded();
    }

    internal void DirectionFailed(DirectionPump pump, Exception exception)
    {
        if (Abort())
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

        PumpEnded();
    }

    private void StartPumps(byte[]? header)
    {
        var upstream = _upstream!;
        // With TLS on, the pump that waited for the first byte carries client → upstream.
        _toUpstream ??= Context.Pumps.Rent();
        Interlocked.Increment(ref _runningPumps); // two directions from here, on top of the connect's count that becomes upstream → client
        if (_tls is { } tls)
        {
            _toUpstream.Start(this, _client, tls, upstream, null, toUpstream: true, header);
            _toClient!.Start(this, upstream, null, _client, tls, toUpstream: false, prefix: null);
        }
        else
        {
            _toUpstream.Start(this, _client, null, upstream, null, toUpstream: true, header);
            _toClient!.Start(this, upstream, null, _client, null, toUpstream: false, prefix: null);
        }
    }

    /// <summary>The last of the connect and the two directions to end closes both sockets and releases the slot.</summary>
    private void PumpEnded()
    {
        if (Interlocked.Decrement(ref _runningPumps) == 0)
        {
            End();
        }
    }

    private void End()
    {
        // Nothing runs on the stream any more: every activity that used it has ended.
        _tls?.Dispose();
        _client.Dispose();
        _upstream?.Dispose();
        if (_toUpstream is { } toUpstream)
        {
            Context.Pumps.Return(toUpstream);
        }

        if (_toClient is { } toClient)
        {
            Context.Pumps.Return(toClient);
        }

        Context.Closed(this);
    }
}

