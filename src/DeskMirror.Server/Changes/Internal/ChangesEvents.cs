using System.Text.Json.Nodes;
using DeskMirror.Server.Events;

namespace DeskMirror.Server.Changes.Internal;

/// <summary>The one place that publishes <c>project.changes</c>.</summary>
internal static class ChangesEvents
{
    /// <summary>Event type: the changed files of project <c>{ "id" }</c> are not what they were; refetch them.</summary>
    public const string Type = "project.changes";

    public static void Publish(IEventBus events, string projectId)
        => events.Publish(Type, new JsonObject { ["id"] = projectId });
}
