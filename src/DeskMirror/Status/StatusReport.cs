using DeskMirror.Server.Desktop;

namespace DeskMirror.Status;

/// <summary>Everything the terminal status shows; the same data the UI's popover gets through <see cref="MirrorStatus"/>.</summary>
internal sealed record StatusReport(
    MirrorStatus Mirror,
    string? DesktopLaunchUrl,
    string? PairingUrl,
    string? UsernameSource,
    string? PasswordSource);
