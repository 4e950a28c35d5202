namespace DeskMirror.Server.Desktop;

/// <summary>
/// What the desktop core offers the UI: mirror status and control, settings, quit.
/// Registered by the desktop core; absent when the server runs without one (tests).
/// </summary>
public interface IDesktopControl
{
    MirrorStatus GetMirrorStatus();

    Task SetMirrorEnabledAsync(bool enabled, CancellationToken cancellationToken = default);

    Task SetMirrorPortAsync(int port, CancellationToken cancellationToken = default);

    DesktopSettingsView GetSettings();

    /// <summary>Saves settings changed in the UI (username, password, language); a new password ends every session.</summary>
    Task UpdateSettingsAsync(DesktopSettingsView settings, CancellationToken cancellationToken = default);

    /// <summary>A fresh one-time pairing URL for the first LAN address.</summary>
    string CreatePairingUrl();

    void RequestQuit();
}
