namespace DeskMirror.Server.Desktop;

/// <summary>The settings the UI may show and change.</summary>
public sealed record DesktopSettingsView(bool MirrorEnabled, int Port, string BindAddress, string Username, string Password, string? Language);
