using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>session.attention</c> <c>{ "id", "reason", "message", "since" }</c>: the session needs its person.
/// <paramref name="Message"/> is text for a person or null; <paramref name="Since"/> is ISO-8601.
/// <paramref name="Kind"/> is not sent; it decides the audience (desktop only for a terminal).
/// </summary>
public sealed record SessionAttentionEvent(
    string Id, SessionAttentionReason Reason, string? Message, DateTimeOffset Since, SessionKind Kind)
    : SessionEvent(ServerEventType.SessionAttention)
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override SessionKind Kind { get; } = Kind;

    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.SessionAttentionEvent);
}
