using DeskMirror.Settings;

namespace DeskMirror.Desktop;

/// <summary>What the main command's flags say for this run.</summary>
internal sealed class DesktopRunOptions
{
    /// <summary>The settings file; null uses the platform's config folder.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>The data folder; null uses the platform's data folder.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Settings given as flags; they override the file for this run only.</summary>
    public DeskMirrorSettings Flags { get; init; } = new();

    /// <summary>Do not open a browser window.</summary>
    public bool NoOpen { get; init; }

    /// <summary>How long a shutdown may take in all. Default 5 s.</summary>
    public TimeSpan ShutdownBudget { get; init; } = TimeSpan.FromSeconds(5);
}
