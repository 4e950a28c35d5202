using System.Net;
using System.Net.Sockets;
using DeskMirror.Proxy.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Proxy;

/// <summary>
/// A raw TCP reverse proxy: every connection accepted on <see cref="TcpMirrorProxyOptions.Listen"/> is
/// forwarded byte for byte to <see cref="TcpMirrorProxyOptions.Upstream"/>, so HTTP keep-alive, Server-Sent
/// Events, WebSocket and any other protocol pass through unchanged.
/// </summary>
public sealed partial class TcpMirrorProxy : IAsyncDisposable
{
    private const int LinuxSolSocket = 1;
    private const int LinuxSoReuseAddr = 2;
    private const int BsdSolSocket = 0xffff;
    private const int BsdSoReuseAddr = 0x4;

    /// <summary>Pending connections the kernel may queue before we accept them (capped by net.core.somaxconn).</summary>
    internal const int ListenBacklog = 4096;

    private readonly TcpMirrorProxyOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private ProxyContext? _context;
    private Socket? _listener;
    private IPEndPoint? _localEndpoint;
    private Task _acceptLoops = Task.CompletedTask;
    private Task? _stop;
    private volatile bool _listenerClosed;
    private EpollListener? _epollListener;

    /// <summary>Creates a proxy; nothing is bound until <see cref="StartAsync"/>.</summary>
    public TcpMirrorProxy(TcpMirrorProxyOptions options, ILogger<TcpMirrorProxy>? logger = null)
        : this(options, logger, TimeProvider.System)
    {
    }

    /// <summary>Creates a proxy whose timeouts and log throttling run on <paramref name="timeProvider"/>.</summary>
    public TcpMirrorProxy(TcpMirrorProxyOptions options, ILogger<TcpMirrorProxy>? logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider;
    }

    /// <summary>The bound address (the real port when the options asked for port 0).</summary>
    public IPEndPoint LocalEndpoint => _localEndpoint ?? throw new InvalidOperationException("The proxy has not been started.");

    /// <summary>
    /// Connections served at once since the start: <see cref="TcpMirrorProxyOptions.MaxConnections"/>, or less when the
    /// process's descriptor limit allows less (see there for the formula). 0 before the start.
    /// </summary>
    public int ConnectionLimit => _context?.ConnectionLimit ?? 0;

    /// <summary>Current counters (all zero before the start).</summary>
    public ProxyCounters Counters => _context is { } context ? context.Counters.Snapshot(context.Tls?.InProgress ?? 0) : new ProxyCounters(0, 0, 0, 0, 0, 0);

    /// <summary>
    /// Validates the options (an <see cref="ArgumentException"/> names every bad one), binds and starts accepting.
    /// Throws <see cref="ProxyAddressInUseException"/> when the port is taken.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_listener is not null || _stop is not null)
            {
                throw new InvalidOperationException("A proxy can be started only once.");
            }

            _options.ThrowIfInvalid();
            var descriptors = DescriptorLimit.Current;
            var limit = descriptors is { } nofile
                ? Math.Min(_options.MaxConnections, DescriptorLimit.ConnectionBudget(nofile, _options.DescriptorReserve))
                : _options.MaxConnections;
            var listener = Bind(_options.Listen);
            var context = new ProxyContext(_options, _logger, _time, limit);
            if (limit < _options.MaxConnections)
            {
                Log.LimitFromDescriptors(_logger, limit, descriptors!.Value, _options.DescriptorReserve, _options.MaxConnections);
            }

            _listener = listener;
            _context = context;
            _localEndpoint = (IPEndPoint)listener.LocalEndPoint!;

            // Connections must not capture the caller's execution context (logging scopes, activities):
            // it would be kept alive by every idle connection.
            using (ExecutionContext.SuppressFlow())
            {
                _acceptLoops = StartAcceptLoops(listener, context);
            }
        }

        Log.Listening(_logger, _localEndpoint, _options.Upstream);
        return Task.CompletedTask;
    }

    /// <summary>Closes the listener at once, gives open connections the grace period, then aborts them.</summary>
    /// <param name="cancellationToken">Cancelled: skip the rest of the grace period and abort at once.</param>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _stop ??= _listener is null ? Task.CompletedTask : StopCoreAsync(_listener, _context!, cancellationToken);
        }
    }

    /// <summary>Stops with the configured grace period.</summary>
    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task StopCoreAsync(Socket listener, ProxyContext context, CancellationToken cancellationToken)
    {
        _listenerClosed = true;
        listener.Dispose(); // the port is free for a new bind from here on (an accept under way on a loop finishes first)
        if (_epollListener is { } loops)
        {
            await loops.StopAsync();
        }

        await _acceptLoops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        Log.Stopping(_logger, _localEndpoint!, context.Counters.Active, _options.StopGrace);
        var drained = context.BeginDrain();
        try
        {
            await drained.WaitAsync(_options.StopGrace, _time, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Log.AbortingConnections(_logger, context.AbortAll());
            await drained;
        }

        context.Dispose();

        Log.Stopped(_logger, _localEndpoint!);
    }

    /// <summary>
    /// Sets SO_REUSEADDR alone, as Kestrel does, so a restart binds over connections of the earlier run still in
    /// TIME_WAIT while a second live listener is still refused. Not through SocketOptionName.ReuseAddress: on
    /// Unix .NET maps that to SO_REUSEPORT too, which would let two proxies share (and steal) one port.
    /// On Windows SO_REUSEADDR would allow port hijacking, so nothing is set there.
    /// </summary>
    private static void AllowRebindOverTimeWait(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            socket.SetRawSocketOption(LinuxSolSocket, LinuxSoReuseAddr, BitConverter.GetBytes(1));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            socket.SetRawSocketOption(BsdSolSocket, BsdSoReuseAddr, BitConverter.GetBytes(1));
        }
    }

    private static Socket Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true; // [::] serves IPv4 clients too
            }

            AllowRebindOverTimeWait(socket);
            socket.NoDelay = true; // inherited by accepted sockets on Linux
            socket.Bind(endpoint);
            socket.Listen(ListenBacklog);
            return socket;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new ProxyAddressInUseException(endpoint, e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
