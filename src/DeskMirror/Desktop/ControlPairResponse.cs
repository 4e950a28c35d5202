namespace DeskMirror.Desktop;

/// <summary>What <c>POST /_deskmirror/control/pair</c> returns to <c>deskmirror pair</c>.</summary>
internal sealed record ControlPairResponse(string PairingUrl);
