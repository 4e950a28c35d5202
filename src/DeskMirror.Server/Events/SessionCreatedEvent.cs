using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Events;

/// <summary><c>session.created</c>: the session JSON as properties. Desktop only for a terminal.</summary>
public sealed record SessionCreatedEvent(SessionInfo Session)
    : SessionEvent(ServerEventType.SessionCreated)
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override SessionKind Kind => Session.Kind;

    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, Session, EventJsonContext.Default.SessionInfo);
}
