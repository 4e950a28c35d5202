using Microsoft.Extensions.Logging;

namespace DeskMirror.Server.Sessions.Internal;

/// <summary>Every log line of sessions. Event ids 400–499; next free: 413.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 400, EventName = "SessionStarted", Level = LogLevel.Information, Message = "Session {Id} started (pid {Pid}, kind {Kind})")]
    internal static partial void Started(ILogger logger, string id, int pid, SessionKind kind);

    [LoggerMessage(EventId = 401, EventName = "SessionEnded", Level = LogLevel.Information, Message = "Session {Id} ended: {Status}, exit code {ExitCode}")]
    internal static partial void Ended(ILogger logger, string id, SessionStatus status, int? exitCode);

    [LoggerMessage(EventId = 402, EventName = "SessionStartFailed", Level = LogLevel.Warning, Message = "Session {Id} could not start: {Reason}")]
    internal static partial void StartFailed(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 403, EventName = "SessionPersistFailed", Level = LogLevel.Error, Message = "Recording the end of session {Id} failed")]
    internal static partial void PersistFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 404, EventName = "SessionMarkedInterrupted", Level = LogLevel.Warning, Message = "Session {Id} was running when the server stopped last time; marked failed")]
    internal static partial void MarkedInterrupted(ILogger logger, string id);

    [LoggerMessage(EventId = 405, EventName = "SessionViewerDropped", Level = LogLevel.Information, Message = "A viewer of session {Id} stopped reading and was dropped at offset {Offset}")]
    internal static partial void ViewerDropped(ILogger logger, string id, long offset);

    [LoggerMessage(EventId = 406, EventName = "SessionViewerEnded", Level = LogLevel.Debug, Message = "A viewer of session {Id} ended: {Reason}")]
    internal static partial void ViewerEnded(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 407, EventName = "SessionLogWriteFailed", Level = LogLevel.Error, Message = "The output log of session {Id} could not be written; newer output is kept in memory only")]
    internal static partial void LogWriteFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 408, EventName = "SessionStoppingAll", Level = LogLevel.Information, Message = "Stopping {Count} running sessions: {Reason}")]
    internal static partial void StoppingAll(ILogger logger, int count, string reason);

    [LoggerMessage(EventId = 409, EventName = "SessionLogDeleteFailed", Level = LogLevel.Warning, Message = "Removing the log of session {Id} failed")]
    internal static partial void LogDeleteFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 410, EventName = "SessionScreenFailed", Level = LogLevel.Error, Message = "The screen of session {Id} stopped following its output")]
    internal static partial void ScreenFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 411, EventName = "SessionAttentionRaised", Level = LogLevel.Information, Message = "Session {Id} needs attention: {Reason}")]
    internal static partial void AttentionRaised(ILogger logger, string id, DeskMirror.Server.Events.SessionAttentionReason reason);

    [LoggerMessage(EventId = 412, EventName = "SessionAttentionPollFailed", Level = LogLevel.Warning, Message = "Looking for sessions that need attention failed")]
    internal static partial void AttentionPollFailed(ILogger logger, Exception exception);

    // Next free id: 413.
}
