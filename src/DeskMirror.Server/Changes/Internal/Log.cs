using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>Log lines of the Changes view. Event ids 600–699; next free: 607.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 600, EventName = "ChangesWatchStarted", Level = LogLevel.Debug, Message = "Watching project {Id} for changes ({Mode})")]
    internal static partial void WatchStarted(ILogger logger, string id, string mode);

    [LoggerMessage(EventId = 601, EventName = "ChangesWatchStopped", Level = LogLevel.Debug, Message = "Stopped watching project {Id}: {Reason}")]
    internal static partial void WatchStopped(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 602, EventName = "ChangesPolling", Level = LogLevel.Warning, Message = "Project {Id} is polled every {Interval} for changes instead of watched: {Reason}. Further projects that fall back are logged at debug level only.")]
    internal static partial void FellBackToPolling(ILogger logger, string id, TimeSpan interval, string reason);

    [LoggerMessage(EventId = 603, EventName = "ChangesPollingAgain", Level = LogLevel.Debug, Message = "Project {Id} is polled for changes instead of watched: {Reason}")]
    internal static partial void FellBackToPollingAgain(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 604, EventName = "ChangesRefreshFailed", Level = LogLevel.Debug, Message = "Re-reading the changes of project {Id} failed: {Reason}")]
    internal static partial void RefreshFailed(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 605, EventName = "ChangesWatchFailed", Level = LogLevel.Warning, Message = "The changes watcher of project {Id} failed")]
    internal static partial void WatchFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 606, EventName = "ChangesPublished", Level = LogLevel.Trace, Message = "project.changes for {Id}")]
    internal static partial void Published(ILogger logger, string id);
}
