using System.Text.Json;
using DeskMirror.Server.Events.Internal;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>server.resync</c> <c>{ "lastEventId" }</c>: the client's <c>Last-Event-ID</c> is no longer in the replay
/// buffer (or is from another server run); refetch, then carry on live. Sent with <c>id:</c> set to
/// <paramref name="LastEventId"/>. Written by the stream itself, never published on the bus.
/// </summary>
public sealed record ServerResyncEvent(long LastEventId)
    : ServerEvent(ServerEventType.ServerResync)
{
    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.ServerResyncEvent);
}
