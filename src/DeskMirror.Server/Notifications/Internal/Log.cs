using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Notifications.Internal;

/// <summary>Attention notifier log lines. Event ids 800–899; next free: 803.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 800, EventName = "AttentionNotifyFailed", Level = LogLevel.Error, Message = "Notifications: the attention of session {Id} could not be sent on")]
    public static partial void NotifyFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 801, EventName = "AttentionNotifyHeld", Level = LogLevel.Debug, Message = "Notifications: session {Id} was notified less than {Window} ago; its new attention waits for the window's end")]
    public static partial void Held(ILogger logger, string id, TimeSpan window);

    [LoggerMessage(EventId = 802, EventName = "AttentionNotifyDropped", Level = LogLevel.Warning, Message = "Notifications: {Count} attention events were dropped because the notifier fell behind")]
    public static partial void Dropped(ILogger logger, long count);
}
