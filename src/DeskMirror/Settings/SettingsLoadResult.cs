namespace DeskMirror.Settings;

/// <summary>What loading the settings file gave: the settings and, when the file was unusable, one line saying what happened.</summary>
internal sealed record SettingsLoadResult(DeskMirrorSettings Settings, string? Warning);
