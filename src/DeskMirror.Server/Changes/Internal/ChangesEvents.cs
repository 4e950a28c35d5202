using System.Text.Json.Nodes;
using DeskMirror.Server.Events;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>The one place that publishes <c>project.changes</c>.</summary>
internal static class ChangesEvents
{
    public const string Type = ChangesApi.ChangedEvent;

    public static void Publish(IEventBus events, string projectId)
        => events.Publish(Type, new JsonObject { ["id"] = projectId });
}
