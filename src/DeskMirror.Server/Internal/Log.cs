using System.Net;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Internal;

/// <summary>Every log line of the server, with fixed event ids. No line ever carries a credential or token.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "App server listening: desktop {Desktop}, mirror {Mirror}")]
    public static partial void Listening(ILogger logger, IPEndPoint desktop, IPEndPoint mirror);

    [LoggerMessage(2, LogLevel.Warning, "Refused Host header {Host} on the desktop listener (DNS rebinding guard)")]
    public static partial void HostRefused(ILogger logger, string host);

    [LoggerMessage(3, LogLevel.Information, "Refused Host header {Host} on the mirror listener: not a name of this computer nor in allowedHosts", EventName = "MirrorHostRefused")]
    public static partial void MirrorHostRefused(ILogger logger, string host);

    [LoggerMessage(4, LogLevel.Information, "Closed a mirror connection from {Peer} without answering: its PROXY protocol header has {Reason}", EventName = "ProxyHeaderRefused")]
    public static partial void ProxyHeaderRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(10, LogLevel.Error, "The database {Path} could not be read ({Reason}); it was kept aside as {SetAside} and a new one was created")]
    public static partial void DatabaseSetAside(ILogger logger, string path, string reason, string setAside);

    [LoggerMessage(11, LogLevel.Information, "Database migrated to schema version {Version}: {Name}")]
    public static partial void Migrated(ILogger logger, int version, string name);

    [LoggerMessage(12, LogLevel.Information, "The process umask was {Previous}; set to {Current} so that every file DeskMirror creates is readable by this user only (sessions are still started with the previous mask)", EventName = "UmaskRestricted")]
    public static partial void UmaskRestricted(ILogger logger, string previous, string current);

    [LoggerMessage(13, LogLevel.Warning, "The data folder {Path} had {Count} entries that other users could read or write; they are now owner-only (folders 0700, files 0600): {Examples}", EventName = "DataFolderTightened")]
    public static partial void DataFolderTightened(ILogger logger, string path, int count, string examples);

    [LoggerMessage(20, LogLevel.Information, "Authentication failed from {Address}: {Reason}", EventName = "AuthenticationFailed")]
    public static partial void AuthenticationFailed(ILogger logger, string address, string reason);

    [LoggerMessage(21, LogLevel.Warning, "Throttling {Address} on the {Listener} listener: {Failures} failed attempts within {Window}; further attempts get 429 (reported once per window)", EventName = "Throttled")]
    public static partial void Throttled(ILogger logger, string address, string listener, int failures, TimeSpan window);

    [LoggerMessage(22, LogLevel.Information, "Signed in a {Mode} browser via {Method}")]
    public static partial void SignedIn(ILogger logger, string mode, string method);

    [LoggerMessage(23, LogLevel.Information, "Credentials changed; {Count} browser sessions ended")]
    public static partial void CredentialsChanged(ILogger logger, int count);

    [LoggerMessage(24, LogLevel.Warning, "Refused a cookie-authenticated {Method} {Path}: origin {Origin} is not this host")]
    public static partial void OriginRefused(ILogger logger, string method, string path, string origin);

    [LoggerMessage(25, LogLevel.Debug, "Answered {Status} to {Method} {Path}: the request body could not be read ({Reason})", EventName = "BodyUnreadable")]
    public static partial void BodyUnreadable(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(30, LogLevel.Information, "Event subscriber {Subscriber} disconnected: its queue of {Capacity} events was full")]
    public static partial void SubscriberOverflow(ILogger logger, long subscriber, int capacity);

    [LoggerMessage(31, LogLevel.Warning, "An in-process event handler threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
