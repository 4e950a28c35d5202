using System.Text.Json;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Modes;

namespace DeskMirror.Server.Events;

/// <summary>
/// <c>server.connected</c> <c>{ "mode", "lastEventId" }</c>: the first frame of every stream, sent without an
/// id so it never moves the client's last event id. <paramref name="LastEventId"/> is the newest id of the
/// listener's own sequence. Written by the stream itself, never published on the bus.
/// </summary>
public sealed record ServerConnectedEvent(RequestMode Mode, long LastEventId)
    : ServerEvent(ServerEventType.ServerConnected)
{
    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.ServerConnectedEvent);
}
