using Microsoft.Extensions.Logging;

namespace DeskMirror.Pty.Internal;

/// <summary>Every log line of the PTY library. Event ids 200–299; next free: 208.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 201, EventName = "PtyStarted", Level = LogLevel.Debug, Message = "Started pid {Pid} on {SlavePath}: {FileName}")]
    internal static partial void Started(ILogger logger, int pid, string slavePath, string fileName);

    [LoggerMessage(EventId = 202, EventName = "PtyEnded", Level = LogLevel.Debug, Message = "Pid {Pid} ended: {Status}")]
    internal static partial void Ended(ILogger logger, int pid, PtyExitStatus status);

    [LoggerMessage(EventId = 203, EventName = "PtyHandlerFailed", Level = LogLevel.Error, Message = "The output handler of pid {Pid} threw; output keeps draining")]
    internal static partial void HandlerFailed(ILogger logger, Exception exception, int pid);

    [LoggerMessage(EventId = 204, EventName = "PtyReadFailed", Level = LogLevel.Warning, Message = "Reading the PTY of pid {Pid} failed with errno {Errno}")]
    internal static partial void ReadFailed(ILogger logger, int pid, int errno);

    [LoggerMessage(EventId = 205, EventName = "PtyReapedElsewhere", Level = LogLevel.Warning, Message = "Pid {Pid} was reaped by someone else; its exit status is unknown")]
    internal static partial void ReapedElsewhere(ILogger logger, int pid);

    [LoggerMessage(EventId = 206, EventName = "PtyRunningAsInit", Level = LogLevel.Warning, Message = "This process is PID 1: orphaned grandchildren of sessions are re-parented to it and nothing reaps them; run under an init (docker --init)")]
    internal static partial void RunningAsInit(ILogger logger);

    [LoggerMessage(EventId = 207, EventName = "PtyStopping", Level = LogLevel.Debug, Message = "Stopping pid {Pid}: SIGHUP to the group, then SIGKILL after {Grace}")]
    internal static partial void Stopping(ILogger logger, int pid, TimeSpan grace);
}
