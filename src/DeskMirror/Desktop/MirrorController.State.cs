using DeskMirror.Runtime;
using DeskMirror.Server.Desktop;
using DeskMirror.Server.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DeskMirror.Desktop;

/// <summary>Telling others: the runtime state file, the <c>mirror.status</c> event, the log.</summary>
internal sealed partial class MirrorController
{
    private void WriteRuntimeState()
    {
        if (_server is null || _stopped)
        {
            return;
        }

        _context.RuntimeFile.Write(new RuntimeState
        {
            Pid = Environment.ProcessId,
            ProcessStartTicks = _context.ProcessStartTicks,
            StartedAt = _context.StartedAt,
            DesktopPort = _server.DesktopEndpoint.Port,
            MirrorListenerPort = _server.MirrorEndpoint.Port,
            MirrorPort = _state == MirrorState.Serving ? _port : null,
            BindAddress = _bind,
            ControlSecret = _context.ControlSecret,
            Version = typeof(MirrorController).Assembly.GetName().Version?.ToString(3),
        });
    }

    /// <summary>Publishes <c>mirror.status</c> (desktop only; the password stays out of events, the UI reads it through <see cref="GetMirrorStatus"/>).</summary>
    private void Changed()
    {
        if (_server is null)
        {
            return;
        }

        _server.Services.GetService<IEventBus>()?.Publish(MirrorStatusEvent.From(GetMirrorStatus()));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Mirror could not start: {Reason}")]
        public static partial void MirrorFailed(ILogger logger, string reason);
    }
}
