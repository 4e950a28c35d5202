namespace DeskMirror.Desktop;

/// <summary>What the settings in force ask of the mirror: on or off, and where it listens.</summary>
internal sealed record MirrorSettings(bool Enabled, int Port, string BindAddress);
