using DeskMirror.Orphans;

namespace DeskMirror.Instances;

/// <summary>Timing of a start that finds another desktop on its data folder.</summary>
internal sealed class SingleInstanceOptions
{
    /// <summary>How long the running desktop has to answer before it counts as hung. Default 3 s.</summary>
    public TimeSpan AnswerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long to wait for a desktop that holds the folder but has not yet written its runtime state (it is starting). Default 20 s.</summary>
    public TimeSpan StartupWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often to look again while waiting. Default 100 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How a hung desktop is ended.</summary>
    public HungDesktopOptions Hung { get; init; } = new();

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
