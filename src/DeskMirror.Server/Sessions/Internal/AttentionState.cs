namespace DeskMirror.Server.Sessions.Internal;

/// <summary>What attention detection remembers about one running session. Guarded by its own lock; times are <see cref="TimeProvider"/> timestamps.</summary>
internal sealed class AttentionState(long started)
{
    public Lock Lock { get; } = new();

    /// <summary>The newest input (the session's start before any): output after it can make the session idle.</summary>
    public long LastInput { get; set; } = started;

    /// <summary>When a foreground process was first seen blocked reading the terminal; null when none is.</summary>
    public long? ReadingSince { get; set; }

    /// <summary>Input was asked for during this blocked read already.</summary>
    public bool InputRaised { get; set; }

    /// <summary>The output timestamp an idle attention was raised for (one per quiet spell).</summary>
    public long IdleRaisedFor { get; set; }

    /// <summary>When a bell last raised attention.</summary>
    public long? LastBell { get; set; }

    /// <summary>When a notification last raised attention, and its text.</summary>
    public (long At, string Text)? LastNotification { get; set; }
}
