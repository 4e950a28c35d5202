using System.Text.Json;
using DeskMirror.Server.Events.Internal;

namespace DeskMirror.Server.Events;

/// <summary><c>project.changes</c> <c>{ "id" }</c>: files in the project's work tree changed; refetch its changes. Everyone.</summary>
public sealed record ProjectChangesEvent(string Id)
    : ServerEvent(ServerEventType.ProjectChanges)
{
    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, this, EventJsonContext.Default.ProjectChangesEvent);
}
