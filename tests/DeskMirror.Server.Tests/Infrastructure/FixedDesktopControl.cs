using DeskMirror.Server.Desktop;

namespace DeskMirror.Server.Tests.Infrastructure;

/// <summary>A desktop core stand-in that reports a fixed status (the real one lives in the desktop project).</summary>
public sealed class FixedDesktopControl(MirrorStatus status) : IDesktopControl
{
    public MirrorStatus GetMirrorStatus() => status;

    public Task SetMirrorEnabledAsync(bool enabled, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task SetMirrorPortAsync(int port, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public DesktopSettingsView GetSettings() => new(true, status.Port, status.BindAddress, status.Username, status.Password, null);

    public Task UpdateSettingsAsync(DesktopSettingsView settings, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public string CreatePairingUrl() => "http://192.168.1.2:4096/auth/pair?token=x";

    public void RequestQuit()
    {
    }
}
