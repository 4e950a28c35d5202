namespace DeskMirror.Desktop;

/// <summary>What <c>POST /_deskmirror/control/launch</c> returns to a second start: a fresh one-time launch link.</summary>
internal sealed record ControlLaunchResponse(string LaunchUrl);
