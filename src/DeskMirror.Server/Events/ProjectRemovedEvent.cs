using System.Text.Json;
using DeskMirror.Server.Events.Internal;

namespace DeskMirror.Server.Events;

/// <summary><c>project.removed</c> <c>{ "id" }</c>. Everyone.</summary>
public sealed record ProjectRemovedEvent(string Id)
    : ServerEvent(ServerEventType.ProjectRemoved)
{
    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.ProjectRemovedEvent);
}
