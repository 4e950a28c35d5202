using System.Text.Json;
using DeskMirror.Server.Events.Internal;
using DeskMirror.Server.Sidebar;

namespace DeskMirror.Server.Events;

/// <summary><c>mirror.sidebar.updated</c>: the whole new sidebar state as properties (same shape as <c>GET /mirror/sidebar</c>). Everyone.</summary>
public sealed record SidebarUpdatedEvent(SidebarState State)
    : ServerEvent(ServerEventType.MirrorSidebarUpdated)
{
    internal override void WriteProperties(Utf8JsonWriter writer)
        => JsonSerializer.Serialize(writer, State, EventJsonContext.Default.SidebarState);
}
