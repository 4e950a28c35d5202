using DeskMirror.Runtime;
using DeskMirror.Server.Hosting;

namespace DeskMirror.Desktop;

/// <summary>
/// Keeps the runtime state file (<see cref="RuntimeStateFile"/>) telling where this desktop listens, so
/// <c>deskmirror status</c>, <c>pair</c> and a second start find it. From <see cref="Stop"/> on the file
/// belongs to the shutdown, which deletes it.
/// </summary>
internal sealed class RuntimeStateWriter(DesktopContext context, AppServer server)
{
    private volatile bool _stopped;

    public void Write(MirrorSnapshot mirror)
    {
        if (_stopped)
        {
            return;
        }

        context.RuntimeFile.Write(new RuntimeState
        {
            Pid = Environment.ProcessId,
            ProcessStartTicks = context.ProcessStartTicks,
            StartedAt = context.StartedAt,
            DesktopPort = server.DesktopEndpoint.Port,
            MirrorListenerPort = server.MirrorEndpoint.Port,
            MirrorPort = mirror.IsServing ? mirror.Port : null,
            BindAddress = mirror.BindAddress,
            ControlSecret = context.ControlSecret,
            Version = typeof(RuntimeStateWriter).Assembly.GetName().Version?.ToString(3),
        });
    }

    public void Stop() => _stopped = true;
}
