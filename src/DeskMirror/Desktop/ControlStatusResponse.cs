using DeskMirror.Server.Desktop;

namespace DeskMirror.Desktop;

/// <summary>What <c>GET /_deskmirror/control/status</c> returns to <c>deskmirror status</c>.</summary>
internal sealed record ControlStatusResponse(MirrorStatus Mirror, string LaunchUrl, string? PairingUrl, string UsernameSource, string PasswordSource);
