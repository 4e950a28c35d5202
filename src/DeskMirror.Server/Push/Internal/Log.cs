using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Push.Internal;

/// <summary>Web Push log lines. An endpoint appears only as its origin; keys never. Event ids 700–799; next free: 708.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 700, EventName = "PushKeysCreated", Level = LogLevel.Information, Message = "Web Push: new VAPID keys made in {Path}")]
    public static partial void KeysCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 701, EventName = "PushKeyFileSetAside", Level = LogLevel.Error, Message = "Web Push: the VAPID key file {Path} could not be read ({Reason}); it was kept aside as {SetAside} and new keys were made. Devices subscribed before get no notifications until they subscribe again (they do on their next visit)")]
    public static partial void KeyFileSetAside(ILogger logger, string path, string reason, string setAside);

    [LoggerMessage(EventId = 702, EventName = "PushSubscriptionGone", Level = LogLevel.Information, Message = "Web Push: removed a subscription at {Origin}: its push service says it no longer exists")]
    public static partial void GoneRemoved(ILogger logger, string origin);

    [LoggerMessage(EventId = 703, EventName = "PushSubscriptionStale", Level = LogLevel.Information, Message = "Web Push: removed a subscription at {Origin}: it expired, or was made for earlier keys or on an earlier run's desktop address")]
    public static partial void StaleRemoved(ILogger logger, string origin);

    [LoggerMessage(EventId = 704, EventName = "PushDeliveryFailed", Level = LogLevel.Warning, Message = "Web Push: delivery to {Origin} failed: {Reason} ({Suppressed} more failures there since the last report)")]
    public static partial void DeliveryFailed(ILogger logger, string origin, string reason, int suppressed);

    [LoggerMessage(EventId = 705, EventName = "PushMessageFailed", Level = LogLevel.Error, Message = "Web Push: a message could not be handled")]
    public static partial void MessageFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 706, EventName = "PushSubscribed", Level = LogLevel.Information, Message = "Web Push: a {Mode} device subscribed at {Origin}")]
    public static partial void Subscribed(ILogger logger, string mode, string origin);

    [LoggerMessage(EventId = 707, EventName = "PushUnsubscribed", Level = LogLevel.Information, Message = "Web Push: a {Mode} device removed its subscription")]
    public static partial void Unsubscribed(ILogger logger, string mode);
}
