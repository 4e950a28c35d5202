using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeskMirror.Proxy;

/// <summary>A raw TCP reverse proxy. CONTRACT SKELETON: the proxy issue implements it.</summary>
public sealed class TcpMirrorProxy : IAsyncDisposable
{
    private readonly TcpMirrorProxyOptions _options;
    private readonly ILogger _logger;

    public TcpMirrorProxy(TcpMirrorProxyOptions options, ILogger<TcpMirrorProxy>? logger = null)
    {
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The bound address (the real port when the options asked for port 0).</summary>
    public IPEndPoint LocalEndpoint => throw new NotImplementedException();

    /// <summary>Current counters.</summary>
    public ProxyCounters Counters => throw new NotImplementedException();

    /// <summary>Binds and starts accepting. Throws <see cref="ProxyAddressInUseException"/> when the port is taken.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Closes the listener at once, gives open connections the grace period, then aborts them.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => new(StopAsync());
}
