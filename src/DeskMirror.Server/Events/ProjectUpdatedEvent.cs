using System.Text.Json;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Projects;

namespace DeskMirror.Server.Events;

/// <summary><c>project.updated</c>: the project as properties, <c>{ "id", "name", "path" }</c>. Everyone.</summary>
public sealed record ProjectUpdatedEvent(Project Project)
    : ServerEvent(ServerEventType.ProjectUpdated)
{
    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, Project, EventJsonContext.Default.Project);
}
