using System.Text.Json.Serialization;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Events;

/// <summary>
/// A <c>session.*</c> event. Its audience follows the session's kind: a terminal does not exist for the
/// mirror, so neither do its events (the same rule as <see cref="Modes.MirrorPolicy.CanSeeSession"/>).
/// </summary>
public abstract record SessionEvent : ServerEvent
{
    private protected SessionEvent(string type)
        : base(type)
    {
    }

    /// <summary>The kind of the session the event is about; not sent.</summary>
    [JsonIgnore]
    public abstract SessionKind Kind { get; }

    /// <inheritdoc/>
    [JsonIgnore]
    public sealed override EventAudience Audience => AudienceOf(Kind);

    /// <summary>Desktop only for a terminal session, everyone for a task.</summary>
    public static EventAudience AudienceOf(SessionKind kind)
        => kind == SessionKind.Terminal ? EventAudience.DesktopOnly : EventAudience.Everyone;
}
