using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Proxy.Internal;

/// <summary>What every connection of one proxy shares: options, limits, counters, logging, the set of open connections and its timeout sweep.</summary>
internal sealed class ProxyContext : IDisposable
{
    private readonly Lock _openGate = new();
    private Connection? _openHead; // open connections, a doubly linked list through the connections themselves
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _sweep;
    private int _draining;

    public ProxyContext(TcpMirrorProxyOptions options, ILogger logger, TimeProvider time, int connectionLimit)
    {
        Options = options;
        Logger = logger;
        Time = time;
        ConnectionLimit = connectionLimit;
        ConnectTicks = ToTimestampTicks(options.ConnectTimeout, time);
        Splicing = Splicing.For(options);
        FirstByteTicks = ToTimestampTicks(options.FirstByteTimeout, time);
        HalfCloseTicks = ToTimestampTicks(options.HalfCloseTimeout, time);
        HandshakeTicks = ToTimestampTicks(options.TlsHandshakeTimeout, time);
        if (options.ServerCertificate is { } certificate)
        {
            Tls = new TlsTermination(certificate, options.MaxConcurrentTlsHandshakes, time, options.FailureLogInterval);
        }

        if (options.Upstream is IPEndPoint upstream && Tls is null && EventLoopsWanted)
        {
            // The loops connect with the upstream's socket address as the kernel takes it (SocketAddress is that on Unix).
            var address = upstream.Serialize();
            UpstreamAddress = address.Buffer.Span[..address.Size].ToArray();
            UpstreamFamily = upstream.AddressFamily == AddressFamily.InterNetworkV6 ? LibC.AfInet6 : LibC.AfInet;
            Loops = EpollLoop.TryStart(Math.Clamp(Environment.ProcessorCount, 1, MaxLoops), logger);
        }

        UpstreamFailureLog = new LogThrottle(time, options.FailureLogInterval);
        LimitLog = new LogThrottle(time, options.FailureLogInterval);
        AddressLimitLog = new LogThrottle(time, options.FailureLogInterval);
        AcceptFailureLog = new LogThrottle(time, options.FailureLogInterval);
        ConnectionFailureLog = new LogThrottle(time, options.FailureLogInterval);
        var period = SweepPeriod(options);
        _sweep = time.CreateTimer(static state => ((ProxyContext)state!).Sweep(), this, period, period);
    }

    /// <summary>Event loops at most, whatever the core count: one per core up to this.</summary>
    public const int MaxLoops = 8;

    /// <summary>
    /// Plain connections go to <see cref="EpollConnection"/> on Linux unless the environment sets
    /// DESKMIRROR_PROXY_ENGINE=sockets (to compare, or to rule the loops out).
    /// </summary>
    public static bool EventLoopsWanted { get; } = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DESKMIRROR_PROXY_ENGINE") != "sockets";

    public TcpMirrorProxyOptions Options { get; }

    /// <summary>The event loops for plain connections; null when every connection goes to <see cref="SocketConnection"/>.</summary>
    public EpollLoop[]? Loops { get; }

    /// <summary>The upstream's sockaddr, for the loops' connect(2); set with <see cref="Loops"/>.</summary>
    public byte[]? UpstreamAddress { get; }

    /// <summary>AF_INET or AF_INET6, for the loops' socket(2).</summary>
    public int UpstreamFamily { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    /// <summary>Connections served at once: the option or what the descriptor limit allows, whichever is smaller.</summary>
    public int ConnectionLimit { get; }

    /// <summary><see cref="TcpMirrorProxyOptions.ConnectTimeout"/> in <see cref="TimeProvider"/> timestamp ticks.</summary>
    public long ConnectTicks { get; }

    /// <summary><see cref="TcpMirrorProxyOptions.FirstByteTimeout"/> in <see cref="TimeProvider"/> timestamp ticks; 0 when off.</summary>
    public long FirstByteTicks { get; }

    /// <summary><see cref="TcpMirrorProxyOptions.HalfCloseTimeout"/> in <see cref="TimeProvider"/> timestamp ticks; 0 when off.</summary>
    public long HalfCloseTicks { get; }

    /// <summary><see cref="TcpMirrorProxyOptions.TlsHandshakeTimeout"/> in <see cref="TimeProvider"/> timestamp ticks.</summary>
    public long HandshakeTicks { get; }

    /// <summary>TLS termination, when <see cref="TcpMirrorProxyOptions.ServerCertificate"/> is set; null for plain TCP only.</summary>
    public TlsTermination? Tls { get; }

    public LiveCounters Counters { get; } = new();

    public PumpPool Pumps { get; } = new();

    public Splicing Splicing { get; }

    public AddressCounts Addresses { get; } = new();

    public LogThrottle UpstreamFailureLog { get; }

    public LogThrottle LimitLog { get; }

    public LogThrottle AddressLimitLog { get; }

    public LogThrottle AcceptFailureLog { get; }

    public LogThrottle ConnectionFailureLog { get; }

    /// <summary>
    /// How often open connections are checked against their deadlines: an eighth of the shortest timeout (the connect
    /// timeout included), between 10 ms and 1 s, so a timeout fires at most 12.5 % late. One timer for the whole proxy:
    /// the per-read path only writes a timestamp into its connection, and only while a deadline applies.
    /// </summary>
    public static TimeSpan SweepPeriod(TcpMirrorProxyOptions options)
    {
        var shortest = options.ConnectTimeout;
        var handshake = options.ServerCertificate is null ? Timeout.InfiniteTimeSpan : options.TlsHandshakeTimeout;
        foreach (var timeout in (ReadOnlySpan<TimeSpan>)[options.FirstByteTimeout, options.HalfCloseTimeout, handshake])
        {
            if (timeout != Timeout.InfiniteTimeSpan && timeout < shortest)
            {
                shortest = timeout;
            }
        }

        return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 8, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
    }

    public void Opened(Connection connection)
    {
        lock (_openGate)
        {
            connection.Next = _openHead;
            if (_openHead is not null)
            {
                _openHead.Previous = connection;
            }

            _openHead = connection;
        }
    }

    public void Closed(Connection connection)
    {
        lock (_openGate)
        {
            if (connection.Previous is { } previous)
            {
                previous.Next = connection.Next;
            }
            else if (_openHead == connection)
            {
                _openHead = connection.Next;
            }

            if (connection.Next is { } next)
            {
                next.Previous = connection.Previous;
            }

            connection.Previous = null;
            connection.Next = null;
        }

        Addresses.Remove(connection.AddressKey);
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
        var open = Snapshot(static (_, _) => true, 0);
        foreach (var connection in open)
        {
            connection.Abort();
        }

        return open.Count;
    }

    /// <summary>Stops the sweep and the loops; called once every connection has ended.</summary>
    public void Dispose()
    {
        _sweep.Dispose();
        foreach (var loop in Loops ?? [])
        {
            loop.Dispose();
        }
    }

    private void Sweep()
    {
        var now = Time.GetTimestamp();
        foreach (var connection in Snapshot(static (connection, now) => connection.IsPastDeadline(now) is not null, now))
        {
            var reason = connection.IsPastDeadline(now);
            if (reason == Connection.ConnectTimeoutReason)
            {
                connection.AbortConnect(); // counted and logged as an upstream failure
            }
            else if (reason is not null && connection.Abort())
            {
                Counters.TimedOut();
                Log.ConnectionTimedOut(Logger, connection.ClientEndPoint, reason);
            }
        }
    }

    /// <summary>The open connections that match, collected under the lock and acted on outside it.</summary>
    private List<Connection> Snapshot(Func<Connection, long, bool> match, long now)
    {
        var matches = new List<Connection>();
        lock (_openGate)
        {
            for (var connection = _openHead; connection is not null; connection = connection.Next)
            {
                if (match(connection, now))
                {
                    matches.Add(connection);
                }
            }
        }

        return matches;
    }

    private static long ToTimestampTicks(TimeSpan timeout, TimeProvider time) =>
        timeout == Timeout.InfiniteTimeSpan ? 0 : Math.Max(1, (long)(timeout.TotalSeconds * time.TimestampFrequency));
}
