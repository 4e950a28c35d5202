using System.Net;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Proxy;

/// <summary>Every log line of the proxy. Event ids 100–199; next free: 120.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 101, EventName = "ProxyListening", Level = LogLevel.Information, Message = "Proxy listening on {Listen}, forwarding to {Upstream}")]
    public static partial void Listening(ILogger logger, EndPoint listen, EndPoint upstream);

    [LoggerMessage(EventId = 102, EventName = "ProxyStopping", Level = LogLevel.Information, Message = "Proxy on {Listen} stopping: listener closed, {Open} connection(s) open, grace period {Grace}")]
    public static partial void Stopping(ILogger logger, EndPoint listen, long open, TimeSpan grace);

    [LoggerMessage(EventId = 103, EventName = "ProxyUpstreamUnavailable", Level = LogLevel.Warning, Message = "Upstream {Upstream} unavailable ({Reason}); the client connection was closed ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void UpstreamUnavailable(ILogger logger, EndPoint upstream, string reason, long suppressed);

    [LoggerMessage(EventId = 104, EventName = "ProxyRefusedByLimit", Level = LogLevel.Warning, Message = "Connection limit {Limit} reached; new connections are closed at once ({Suppressed} more refused since the last line)")]
    public static partial void RefusedByLimit(ILogger logger, int limit, long suppressed);

    [LoggerMessage(EventId = 105, EventName = "ProxyAcceptFailed", Level = LogLevel.Error, Message = "Accepting a connection on {Listen} failed; retrying ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void AcceptFailed(ILogger logger, Exception exception, EndPoint listen, long suppressed);

    [LoggerMessage(EventId = 106, EventName = "ProxyConnectionReset", Level = LogLevel.Debug, Message = "Connection from {Client} ended by a reset or abort")]
    public static partial void ConnectionReset(ILogger logger, EndPoint? client);

    [LoggerMessage(EventId = 107, EventName = "ProxyConnectionFailed", Level = LogLevel.Warning, Message = "Connection from {Client} failed unexpectedly ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, EndPoint? client, long suppressed);

    [LoggerMessage(EventId = 108, EventName = "ProxyAbortingConnections", Level = LogLevel.Warning, Message = "Grace period over: aborting {Count} open connection(s)")]
    public static partial void AbortingConnections(ILogger logger, int count);

    [LoggerMessage(EventId = 109, EventName = "ProxyStopped", Level = LogLevel.Information, Message = "Proxy on {Listen} stopped")]
    public static partial void Stopped(ILogger logger, EndPoint listen);

    [LoggerMessage(EventId = 110, EventName = "ProxyRefusedByAddressLimit", Level = LogLevel.Warning, Message = "Connection limit {Limit} reached for client address {Address}; its new connections are closed at once ({Suppressed} more refused since the last line)")]
    public static partial void RefusedByAddressLimit(ILogger logger, IPAddress? address, int limit, long suppressed);

    [LoggerMessage(EventId = 111, EventName = "ProxyConnectionTimedOut", Level = LogLevel.Debug, Message = "Connection from {Client} reset: {Reason}")]
    public static partial void ConnectionTimedOut(ILogger logger, EndPoint? client, string reason);

    [LoggerMessage(EventId = 112, EventName = "ProxyAcceptOutOfResources", Level = LogLevel.Error, Message = "Accepting a connection on {Listen} failed: out of resources, {Error}; retrying in {BackoffMs} ms, pending clients wait in the backlog ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void AcceptOutOfResources(ILogger logger, EndPoint listen, string error, double backoffMs, long suppressed);

    [LoggerMessage(EventId = 113, EventName = "ProxyUpstreamSocketFailed", Level = LogLevel.Warning, Message = "Could not open a socket to the upstream ({Error}); the client connection was closed ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void UpstreamSocketFailed(ILogger logger, System.Net.Sockets.SocketError error, long suppressed);

    [LoggerMessage(EventId = 114, EventName = "ProxyLimitFromDescriptors", Level = LogLevel.Information, Message = "Connection limit {Limit} (from the descriptor limit {Descriptors} less a reserve of {Reserve}, 3 per connection) instead of the configured {Configured}")]
    public static partial void LimitFromDescriptors(ILogger logger, int limit, long descriptors, int reserve, int configured);

    [LoggerMessage(EventId = 115, EventName = "ProxyTlsHandshakeFailed", Level = LogLevel.Warning, Message = "TLS handshake with {Client} failed: {Reason} ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void TlsHandshakeFailed(ILogger logger, EndPoint? client, string reason, long suppressed);

    [LoggerMessage(EventId = 116, EventName = "ProxyTlsHandshakesRefused", Level = LogLevel.Warning, Message = "{Limit} TLS handshakes in progress; a new one from {Client} was closed at once ({Suppressed} more refused since the last line)")]
    public static partial void TlsHandshakesRefused(ILogger logger, int limit, EndPoint? client, long suppressed);

    [LoggerMessage(EventId = 117, EventName = "ProxyTlsUnknownServerName", Level = LogLevel.Warning, Message = "A TLS client at {Client} asked for {ServerName}, a name the certificate does not hold; it was shown the certificate anyway and will likely refuse it ({Suppressed} more since the last line)")]
    public static partial void TlsUnknownServerName(ILogger logger, EndPoint? client, string serverName, long suppressed);


    [LoggerMessage(EventId = 118, EventName = "ProxyEventLoopFailed", Level = LogLevel.Error, Message = "A proxy event loop stopped: epoll_wait failed with errno {Errno}; the other loops go on accepting, its own connections are no longer served")]
    public static partial void EventLoopFailed(ILogger logger, int errno);

    [LoggerMessage(EventId = 119, EventName = "ProxyEventLoopUnavailable", Level = LogLevel.Information, Message = "The proxy's event loops could not be made (errno {Errno}); connections use System.Net.Sockets")]
    public static partial void EventLoopUnavailable(ILogger logger, int errno);
}
