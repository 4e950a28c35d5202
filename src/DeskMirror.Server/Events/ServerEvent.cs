using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeskMirror.Server.Events;

/// <summary>
/// One event of the catalogue (<see cref="ServerEventType"/>): its type, its audience and its payload, which
/// goes on the wire as the envelope's <c>"properties"</c>. The set of events is closed: every payload record
/// is declared next to this one.
/// </summary>
public abstract record ServerEvent
{
    private protected ServerEvent(string type) => Type = type;

    /// <summary>The wire name, one of <see cref="ServerEventType"/>.</summary>
    [JsonIgnore]
    public string Type { get; }

    /// <summary>Who may receive it: a property of the event's type (and, for a session event, of the session's kind).</summary>
    [JsonIgnore]
    public virtual EventAudience Audience => EventAudience.Everyone;

    /// <summary>Writes the <c>"properties"</c> object through the source-generated event JSON context.</summary>
    internal abstract void WriteProperties(Utf8JsonWriter writer);
}
