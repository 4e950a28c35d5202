using System.Net;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Internal;

/// <summary>Every log line of the app server outside its feature areas. No line ever carries a credential or token. Event ids 1–99; next free: 32.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "Listening", Level = LogLevel.Information, Message = "App server listening: desktop {Desktop}, mirror {Mirror}")]
    public static partial void Listening(ILogger logger, IPEndPoint desktop, IPEndPoint mirror);

    [LoggerMessage(EventId = 2, EventName = "HostRefused", Level = LogLevel.Warning, Message = "Refused Host header {Host} on the desktop listener (DNS rebinding guard)")]
    public static partial void HostRefused(ILogger logger, string host);

    [LoggerMessage(EventId = 3, EventName = "MirrorHostRefused", Level = LogLevel.Information, Message = "Refused Host header {Host} on the mirror listener: not a name of this computer nor in allowedHosts")]
    public static partial void MirrorHostRefused(ILogger logger, string host);

    [LoggerMessage(EventId = 4, EventName = "ProxyHeaderRefused", Level = LogLevel.Information, Message = "Closed a mirror connection from {Peer} without answering: its PROXY protocol header has {Reason}")]
    public static partial void ProxyHeaderRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 10, EventName = "DatabaseSetAside", Level = LogLevel.Error, Message = "The database {Path} could not be read ({Reason}); it was kept aside as {SetAside} and a new one was created")]
    public static partial void DatabaseSetAside(ILogger logger, string path, string reason, string setAside);

    [LoggerMessage(EventId = 11, EventName = "Migrated", Level = LogLevel.Information, Message = "Database migrated to schema version {Version}: {Name}")]
    public static partial void Migrated(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 12, EventName = "UmaskRestricted", Level = LogLevel.Information, Message = "The process umask was {Previous}; set to {Current} so that every file DeskMirror creates is readable by this user only (sessions are still started with the previous mask)")]
    public static partial void UmaskRestricted(ILogger logger, string previous, string current);

    [LoggerMessage(EventId = 13, EventName = "DataFolderTightened", Level = LogLevel.Warning, Message = "The data folder {Path} had {Count} entries that other users could read or write; they are now owner-only (folders 0700, files 0600): {Examples}")]
    public static partial void DataFolderTightened(ILogger logger, string path, int count, string examples);

    [LoggerMessage(EventId = 20, EventName = "AuthenticationFailed", Level = LogLevel.Information, Message = "Authentication failed from {Address}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 21, EventName = "Throttled", Level = LogLevel.Warning, Message = "Throttling {Address} on the {Listener} listener: {Failures} failed attempts within {Window}; further attempts get 429 (reported once per window)")]
    public static partial void Throttled(ILogger logger, string address, string listener, int failures, TimeSpan window);

    [LoggerMessage(EventId = 22, EventName = "SignedIn", Level = LogLevel.Information, Message = "Signed in a {Mode} browser via {Method}")]
    public static partial void SignedIn(ILogger logger, string mode, string method);

    [LoggerMessage(EventId = 23, EventName = "CredentialsChanged", Level = LogLevel.Information, Message = "Credentials changed; {Count} browser sessions ended")]
    public static partial void CredentialsChanged(ILogger logger, int count);

    [LoggerMessage(EventId = 24, EventName = "OriginRefused", Level = LogLevel.Warning, Message = "Refused a cookie-authenticated {Method} {Path}: origin {Origin} is not this host")]
    public static partial void OriginRefused(ILogger logger, string method, string path, string origin);

    [LoggerMessage(EventId = 25, EventName = "BodyUnreadable", Level = LogLevel.Debug, Message = "Answered {Status} to {Method} {Path}: the request body could not be read ({Reason})")]
    public static partial void BodyUnreadable(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(EventId = 30, EventName = "SubscriberOverflow", Level = LogLevel.Information, Message = "Event subscriber {Subscriber} disconnected: its queue of {Capacity} events was full")]
    public static partial void SubscriberOverflow(ILogger logger, long subscriber, int capacity);

    [LoggerMessage(EventId = 31, EventName = "HandlerFailed", Level = LogLevel.Warning, Message = "An in-process event handler threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
