using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>session.removed</c> <c>{ "id", "projectId" }</c>. <paramref name="Kind"/> is not sent; it decides the
/// audience (desktop only for a terminal).
/// </summary>
public sealed record SessionRemovedEvent(string Id, string ProjectId, SessionKind Kind)
    : SessionEvent(ServerEventType.SessionRemoved)
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override SessionKind Kind { get; } = Kind;

    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.SessionRemovedEvent);
}
