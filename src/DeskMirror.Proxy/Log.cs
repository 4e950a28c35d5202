using System.Net;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Proxy;

/// <summary>Every log line of the proxy, source-generated, with fixed event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Proxy listening on {Listen}, forwarding to {Upstream}")]
    public static partial void Listening(ILogger logger, EndPoint listen, EndPoint upstream);

    [LoggerMessage(2, LogLevel.Information, "Proxy on {Listen} stopping: listener closed, {Open} connection(s) open, grace period {Grace}")]
    public static partial void Stopping(ILogger logger, EndPoint listen, long open, TimeSpan grace);

    [LoggerMessage(3, LogLevel.Warning, "Upstream {Upstream} unavailable ({Reason}); the client connection was closed ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void UpstreamUnavailable(ILogger logger, EndPoint upstream, string reason, long suppressed);

    [LoggerMessage(4, LogLevel.Warning, "Connection limit {Limit} reached; new connections are closed at once ({Suppressed} more refused since the last line)")]
    public static partial void RefusedByLimit(ILogger logger, int limit, long suppressed);

    [LoggerMessage(5, LogLevel.Error, "Accepting a connection on {Listen} failed; retrying ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void AcceptFailed(ILogger logger, Exception exception, EndPoint listen, long suppressed);

    [LoggerMessage(6, LogLevel.Debug, "Connection from {Client} ended by a reset or abort")]
    public static partial void ConnectionReset(ILogger logger, EndPoint? client);

    [LoggerMessage(7, LogLevel.Warning, "Connection from {Client} failed unexpectedly ({Suppressed} similar failure(s) not logged since the last line)")]
    public static partial void ConnectionFailed(ILogger logger, Exception exception, EndPoint? client, long suppressed);

    [LoggerMessage(8, LogLevel.Warning, "Grace period over: aborting {Count} open connection(s)")]
    public static partial void AbortingConnections(ILogger logger, int count);

    [LoggerMessage(9, LogLevel.Information, "Proxy on {Listen} stopped")]
    public static partial void Stopped(ILogger logger, EndPoint listen);

    [LoggerMessage(10, LogLevel.Warning, "Connection limit {Limit} reached for client address {Address}; its new connections are closed at once ({Suppressed} more refused since the last line)", EventName = "RefusedByAddressLimit")]
    public static partial void RefusedByAddressLimit(ILogger logger, IPAddress? address, int limit, long suppressed);

    [LoggerMessage(11, LogLevel.Debug, "Connection from {Client} reset: {Reason}", EventName = "ConnectionTimedOut")]
    public static partial void ConnectionTimedOut(ILogger logger, EndPoint? client, string reason);

    [LoggerMessage(12, LogLevel.Error, "Accepting a connection on {Listen} failed: out of resources, {Error}; retrying in {BackoffMs} ms, pending clients wait in the backlog ({Suppressed} similar failure(s) not logged since the last line)", EventName = "AcceptOutOfResources")]
    public static partial void AcceptOutOfResources(ILogger logger, EndPoint listen, string error, double backoffMs, long suppressed);

    [LoggerMessage(13, LogLevel.Warning, "Could not open a socket to the upstream ({Error}); the client connection was closed ({Suppressed} similar failure(s) not logged since the last line)", EventName = "UpstreamSocketFailed")]
    public static partial void UpstreamSocketFailed(ILogger logger, System.Net.Sockets.SocketError error, long suppressed);

    [LoggerMessage(14, LogLevel.Information, "Connection limit {Limit} (from the descriptor limit {Descriptors} less a reserve of {Reserve}, 3 per connection) instead of the configured {Configured}", EventName = "LimitFromDescriptors")]
    public static partial void LimitFromDescriptors(ILogger logger, int limit, long descriptors, int reserve, int configured);

    [LoggerMessage(15, LogLevel.Warning, "TLS handshake with {Client} failed: {Reason} ({Suppressed} similar failure(s) not logged since the last line)", EventName = "TlsHandshakeFailed")]
    public static partial void TlsHandshakeFailed(ILogger logger, EndPoint? client, string reason, long suppressed);

    [LoggerMessage(16, LogLevel.Warning, "{Limit} TLS handshakes in progress; a new one from {Client} was closed at once ({Suppressed} more refused since the last line)", EventName = "TlsHandshakesRefused")]
    public static partial void TlsHandshakesRefused(ILogger logger, int limit, EndPoint? client, long suppressed);

    [LoggerMessage(17, LogLevel.Warning, "A TLS client at {Client} asked for {ServerName}, a name the certificate does not hold; it was shown the certificate anyway and will likely refuse it ({Suppressed} more since the last line)", EventName = "TlsUnknownServerName")]
    public static partial void TlsUnknownServerName(ILogger logger, EndPoint? client, string serverName, long suppressed);

    // Next free event id: 18.
}
