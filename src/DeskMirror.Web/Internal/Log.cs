using Microsoft.Extensions.Logging;

namespace DeskMirror.Web.Internal;

/// <summary>The UI's log lines. Event ids 6100–6199; next free: 6109.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6101, EventName = "SidebarWriteFailed", Level = LogLevel.Warning, Message = "The sidebar state was not saved: {Reason}")]
    public static partial void SidebarWriteFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 6102, EventName = "RefreshFailed", Level = LogLevel.Warning, Message = "Refreshing the workspace after {EventType} failed")]
    public static partial void RefreshFailed(ILogger logger, string eventType, Exception exception);

    [LoggerMessage(EventId = 6103, EventName = "Reconnected", Level = LogLevel.Debug, Message = "Circuit reconnected; catching up")]
    public static partial void Reconnected(ILogger logger);

    [LoggerMessage(EventId = 6104, EventName = "ActionFailed", Level = LogLevel.Warning, Message = "A UI action failed: {Action}")]
    public static partial void ActionFailed(ILogger logger, string action, Exception exception);

    [LoggerMessage(EventId = 6105, EventName = "CircuitMarkersRefused", Level = LogLevel.Warning, Message = "Refused a UI circuit on the {Listener} listener: its page was rendered by the {PageMode} listener")]
    public static partial void CircuitMarkersRefused(ILogger logger, string listener, string pageMode);

    [LoggerMessage(EventId = 6106, EventName = "CircuitReconnectRefused", Level = LogLevel.Warning, Message = "Refused to move a {Mode} UI circuit to a connection on the {Listener} listener")]
    public static partial void CircuitReconnectRefused(ILogger logger, string mode, string listener);

    [LoggerMessage(EventId = 6107, EventName = "CircuitListenerUnknown", Level = LogLevel.Warning, Message = "A UI circuit started outside a hub call; it gets the mirror's rights")]
    public static partial void CircuitListenerUnknown(ILogger logger);

    [LoggerMessage(EventId = 6108, EventName = "ActionRefused", Level = LogLevel.Information, Message = "A UI action was refused: {Action}: {Reason}")]
    public static partial void ActionRefused(ILogger logger, string action, string reason);
}
