using System.Text.Json;
using System.Text.Json.Serialization;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Sessions;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>session.resized</c> <c>{ "id", "cols", "rows" }</c>: the session's terminal has a new size.
/// <paramref name="Kind"/> is not sent; it decides the audience (desktop only for a terminal).
/// </summary>
public sealed record SessionResizedEvent(string Id, int Cols, int Rows, SessionKind Kind)
    : SessionEvent(ServerEventType.SessionResized)
{
    /// <inheritdoc/>
    [JsonIgnore]
    public override SessionKind Kind { get; } = Kind;

    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.SessionResizedEvent);
}
