using DeskMirror.Runtime;

namespace DeskMirror.Instances;

/// <summary>What a start on a data folder may do: run (holding <see cref="Lock"/>), hand over to the desktop that answered, or give up with a reason.</summary>
internal sealed record InstanceEntry
{
    /// <summary>This start runs the desktop; it keeps the lock until it ends.</summary>
    public InstanceLock? Lock { get; private init; }

    /// <summary>The desktop already running, which answered.</summary>
    public RuntimeState? Running { get; private init; }

    /// <summary>A fresh one-time launch link of <see cref="Running"/>.</summary>
    public string? LaunchUrl { get; private init; }

    /// <summary>Why this start can neither run nor hand over.</summary>
    public string? Problem { get; private init; }

    public static InstanceEntry Run(InstanceLock held) => new() { Lock = held };

    public static InstanceEntry HandOver(RuntimeState running, string launchUrl) => new() { Running = running, LaunchUrl = launchUrl };

    public static InstanceEntry GiveUp(string problem) => new() { Problem = problem };
}
